import Foundation

/// The reference corpus (`../shared/corpus` beside the checkout, or `$PODBOT_CORPUS`) and scratch space.
public enum Corpus {
    /// The checkout's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let folder: URL = {
        if let override = ProcessInfo.processInfo.environment["PODBOT_CORPUS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    public static let asr = "gradient-dissent-2022-jeremy-howard-asr.txt"
    public static let csv = "gradient-dissent-bot-summary-que-data.csv.txt"
    public static let lex = "lex-fridman-jeremy-howard.txt"
    public static let whisper = "latent-space-jeremy-howard-whisper.txt"
    public static let vanishing = "vanishing-gradients-jeremy-howard.txt"
    public static let all = [asr, csv, lex, whisper, vanishing]

    public static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    public static func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }
}

/// A fresh folder under the system temporary folder, removed when the value is released.
public final class ScratchFolder: @unchecked Sendable {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("podbot-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: some Collection<UInt8>) throws -> String {
        let path = path(name)
        try Data(contents).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A folder for a fixture that lives as long as the test process (a `static let`, never released): removed
    /// when the process exits.
    public static func forTheProcess() -> ScratchFolder {
        let folder = ScratchFolder()
        ExitCleanup.remove(folder.url)
        return folder
    }
}

/// Folders removed when the process exits normally.
private enum ExitCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: [URL] = []
    private static let installed: Void = { atexit { ExitCleanup.removeAll() } }()

    static func remove(_ url: URL) {
        lock.withLock {
            _ = installed
            folders.append(url)
        }
    }

    private static func removeAll() {
        for url in lock.withLock({ folders }) { try? FileManager.default.removeItem(at: url) }
    }
}

/// The real models scripts/bootstrap.sh provides: `$PODBOT_MODELS_DIR`, else the checkout's `.deps/models` link.
public enum ModelFiles {
    public static let directory: String = {
        if let dir = ProcessInfo.processInfo.environment["PODBOT_MODELS_DIR"], !dir.isEmpty { return dir }
        return Corpus.repositoryRoot.appendingPathComponent(".deps/models").path
    }()

    /// The path of model file `name` in ``directory``.
    public static func path(_ name: String) -> String { directory + "/" + name }
}
