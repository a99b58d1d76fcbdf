import AsyncHTTPClient
import Foundation
import NIOCore
import PodbotTestSupport

/// A real `llama-server` (from the bootstrap's llama.cpp build) on 127.0.0.1 and a free port, for tests.
/// Killed when released or by ``kill()``.
final class LlamaServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    static let binary = Corpus.repositoryRoot.appendingPathComponent(".deps/llama/bin/llama-server").path

    /// Starts the server and waits until `/health` answers 200. A server that exits while starting (another
    /// process took the free port first) is started again on a new port; its log is in the error otherwise.
    init(model: String, extraArguments: [String] = []) async throws {
        var attempt = 0
        while true {
            attempt += 1
            let port = try Self.freePort()
            let log = FileManager.default.temporaryDirectory
                .appendingPathComponent("podbot-llama-server-\(port)-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: log) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            let threads = String(engineThreads)
            process.arguments =
                ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", threads, "-c", "2048", "-np", "1"]
                + extraArguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            // A client of its own, so that connections the loading server closes never sit in the shared pool.
            let probe = HTTPClient(eventLoopGroupProvider: .singleton)
            let healthy = await Self.waitUntilHealthy(probe: probe, port: port, process: process)
            try? await probe.shutdown()
            if healthy {
                self.process = process
                self.port = port
                return
            }
            let exited = !process.isRunning
            if process.isRunning {
                Foundation.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            if exited, attempt < 3 { continue }
            let tail = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(5)
                .joined(separator: " | ")
            throw ServerFailed(
                reason: exited
                    ? "llama-server exited while starting (attempt \(attempt)): \(tail)"
                    : "llama-server stopped answering while starting: \(tail)")
        }
    }

    private static func waitUntilHealthy(probe: HTTPClient, port: Int, process: Process) async -> Bool {
        // Until the server says it is healthy or exits: it loads the model at the machine's pace, which no deadline
        // can know on a busy box.
        while process.isRunning {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            request.method = .GET
            if let response = try? await probe.execute(request, timeout: .seconds(2)) {
                // Read every body, 503 "loading model" included: an unread body keeps its connection leased,
                // and after 8 of those the client's pool has none left for the probe that would succeed.
                _ = try? await response.body.collect(upTo: 1 << 16)
                if response.status.code == 200 { return true }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    struct ServerFailed: Error { var reason: String }

    /// SIGKILL, as when the server crashes.
    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { kill() }

    /// Asks the kernel for a free port on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerFailed(reason: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ServerFailed(reason: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ServerFailed(reason: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
