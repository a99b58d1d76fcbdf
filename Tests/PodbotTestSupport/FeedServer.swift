import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A real HTTP server on loopback serving feed fixtures, with ETags, 304s, redirects and failures, and a log of
/// what it sent, so that tests see what a sync downloads.
public final class FeedServer: Sendable {
    public struct File: Sendable {
        var bytes: [UInt8]
        var type: String
        var version: Int
    }

    private let files = Mutex<[String: File]>([:])
    private let log = Mutex<[(path: String, status: Int)]>([])
    /// Requests to `/hang` wait here until ``releaseHung()``: a server that never answers.
    private let hung = AsyncStream<Void>.makeStream()
    /// `{{BASE}}` in served files becomes this, once the server knows its port.
    private let base = Mutex<String>("")

    public init() {}

    /// A fixture of the feeds tests (`Tests/PodbotFeedsTests/Fixtures`).
    public static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../PodbotFeedsTests/Fixtures/\(name)").standardizedFileURL
        return [UInt8](try Data(contentsOf: url))
    }

    /// Serves `bytes` at `path`; serving again bumps the ETag, as a changed file would.
    public func serve(_ path: String, _ bytes: [UInt8], type: String) {
        files.withLock { files in
            files[path] = File(bytes: bytes, type: type, version: (files[path]?.version ?? 0) + 1)
        }
    }

    public func serveFixture(_ name: String, at path: String? = nil, type: String) throws {
        serve(path ?? "/" + name, try Self.fixture(name), type: type)
    }

    /// How many responses had `status`, for paths matching `filter`.
    public func count(status: Int, _ filter: (String) -> Bool = { _ in true }) -> Int {
        log.withLock { $0.count { $0.status == status && filter($0.path) } }
    }

    public func resetLog() { log.withLock { $0.removeAll() } }

    /// Lets `/hang` requests end (with a 503) so that the server can stop.
    public func releaseHung() { hung.continuation.finish() }

    /// Runs `body` with the server live on a loopback port; `body` gets the base URL.
    public func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("hang") { _, _ -> Response in
            for await _ in self.hung.stream {}
            return Response(status: .serviceUnavailable)
        }
        router.get("**") { request, _ -> Response in self.respond(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            self.base.withLock { $0 = base }
            try await body(base)
        }
    }

    private func respond(_ request: Request) -> Response {
        let path = request.uri.path
        let response = makeResponse(path, ifNoneMatch: request.headers[.ifNoneMatch], range: request.headers[.range])
        log.withLock { $0.append((path, Int(response.status.code))) }
        return response
    }

    private func makeResponse(_ path: String, ifNoneMatch: String?, range: String?) -> Response {
        if path == "/loop" { return Response(status: .found, headers: [.location: "/loop"]) }
        if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)) {
            return Response(status: .init(code: code))
        }
        if path.hasPrefix("/redirect/") {
            return Response(status: .movedPermanently, headers: [.location: "/" + path.dropFirst("/redirect/".count)])
        }
        guard let file = files.withLock({ $0[path] }) else { return Response(status: .notFound) }
        let etag = "\"v\(file.version)\""
        if ifNoneMatch == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
        // `Range: bytes=N-`, as a resumed download asks: 206 with the rest.
        if let range, range.hasPrefix("bytes="), range.hasSuffix("-"),
            let from = Int(range.dropFirst("bytes=".count).dropLast()), from < file.bytes.count
        {
            return Response(
                status: .partialContent,
                headers: [
                    .contentType: file.type, .eTag: etag,
                    .contentRange: "bytes \(from)-\(file.bytes.count - 1)/\(file.bytes.count)",
                ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes[from...])))
        }
        let base = self.base.withLock { $0 }
        let text = String(decoding: file.bytes, as: UTF8.self)
        let bytes =
            text.contains("{{BASE}}") ? Array(text.replacingOccurrences(of: "{{BASE}}", with: base).utf8) : file.bytes
        return Response(
            status: .ok, headers: [.contentType: file.type, .eTag: etag],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
