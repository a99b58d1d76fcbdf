import Foundation

/// Runs the built `podbot` binary as a child process, as a user would.
public struct CommandRunner: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard error without the per-file progress lines, one entry per line.
        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// `$PODBOT_BIN`, else `.build/debug/podbot` in the checkout.
    public static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["PODBOT_BIN"], !override.isEmpty { return override }
        return Corpus.repositoryRoot.appendingPathComponent(".build/debug/podbot").path
    }()

    public var environment: [String: String]

    public init(library: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PODBOT_LIBRARY"] = library
        self.environment = environment
    }

    /// Starts `podbot arguments` and returns the running process (for tests that interrupt it).
    public func start(_ arguments: [String], stdout: Any? = nil, stderr: Any? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `podbot arguments` to completion.
    public func run(_ arguments: [String]) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podbot-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files, not pipes: a large JSON output would fill a pipe and block the child.
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = try start(arguments, stdout: out, stderr: err)
        await process.exited()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs `podbot arguments` and parses its standard output as JSON.
    public func json(_ arguments: [String]) async throws -> Any {
        let result = try await run(arguments)
        guard result.status == 0 else {
            throw RunError(
                description: "podbot \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    public struct RunError: Error, CustomStringConvertible {
        public var description: String
    }
}
