import ArgumentParser
import Foundation
import PodbotEnrichment
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// Options shared by `podbot summarize` and `podbot questions`: which episodes, chunking, model, progress.
public struct EnrichOptions: ParsableArguments {
    public init() {}

    @Argument(help: "Episodes (id, title or unique start of a title).") public var episodes: [String] = []
    @Flag(help: "Every episode in the library.") public var all = false
    @Option(help: "Most model tokens per chunk.") public var chunkTokens = 1000
    @Option(help: "Tokens of each chunk's end repeated at the start of the next.") public var overlap = 0
    // The same names as `podbot ask` and `serve`; `--model` and `--url` are the names these commands had first.
    @Option(
        name: [.customLong("chat-model"), .customLong("model")],
        help: "A GGUF chat model (or, with --chat-url, the server's model name).")
    public var model: String?
    @Option(
        name: [.customLong("chat-url"), .customLong("url")],
        help: "Base URL of an OpenAI-compatible chat server, e.g. http://127.0.0.1:8080/v1.")
    public var url: String?
    @Option(help: "Context size in tokens (of a local model; for a server, what it is assumed to hold).")
    public var contextSize: Int?
    @Option(
        help: "CPU threads for a local model (default: the cores other processes leave free, rechecked as it runs).")
    public var threads: Int?
    @Option(
        help: """
            Steps generated together: sequences of one batch for a local model (each with its own context), \
            requests in flight for a server's parallel slots (default 1, one at a time; PODBOT_PARALLEL).
            """)
    public var parallel: Int?
    @Option(help: "Progress: auto (a bar on a terminal, else plain lines), bar, plain, json or none.")
    public var progress: ProgressStyle = .auto
    @Flag(help: "Evaluate every prompt in full instead of reusing the cached instruction prefix (for benchmarks).")
    public var noPromptCache = false
    @Flag(help: "Print one JSON array of reports at the end.") public var json = false

    public func validate() throws {
        guard all != !episodes.isEmpty else { throw ValidationError("name episodes, or give --all (not both)") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
    }

    /// The episodes named, resolved; every episode with `--all`.
    public func episodeIDs(_ podbot: Podbot) async throws -> [Int64] {
        if all { return try await podbot.episodes().map(\.id) }
        var ids: [Int64] = []
        for episode in episodes { ids.append(try await podbot.resolveEpisode(episode)) }
        return ids
    }

    public func configuration(embeddingModel: String? = nil, embeddingURL: String? = nil) throws
        -> InferenceConfiguration
    {
        try InferenceConfiguration.resolve(
            overrides: overrides(embeddingModel: embeddingModel, embeddingURL: embeddingURL))
    }

    /// These options, with the embedding model's, as the settings that override the environment and the config
    /// file.
    public func overrides(embeddingModel: String? = nil, embeddingURL: String? = nil)
        -> InferenceConfiguration.Overrides
    {
        .init(
            chatModel: model, chatURL: url, embeddingModel: embeddingModel, embeddingURL: embeddingURL,
            contextSize: contextSize, threads: threads, parallel: parallel)
    }

    public func settings(_ configuration: InferenceConfiguration) -> EnrichmentSettings {
        var settings = EnrichmentSettings(
            chunking: ChunkingParameters(tokens: chunkTokens, overlap: overlap),
            contextTokens: contextSize ?? configuration.engine.contextSize)
        settings.cachePrompt = !noPromptCache
        return settings
    }
}

/// How progress is shown.
public enum ProgressStyle: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, plain, json, none
}

/// Renders job progress on stderr: a redrawn bar on a terminal, else one plain or JSON line per step.
public final class ProgressRenderer: @unchecked Sendable {
    private let style: ProgressStyle
    private let lock = NSLock()
    private var barShown = false

    public init(_ style: ProgressStyle) {
        self.style = style == .auto ? (isatty(STDERR_FILENO) != 0 ? .bar : .plain) : style
    }

    public var handler: EnrichmentProgressHandler? {
        guard style != .none else { return nil }
        return { @Sendable [self] progress in self.show(progress) }
    }

    private func show(_ progress: EnrichmentProgress) {
        lock.lock()
        defer { lock.unlock() }
        let speed = progress.tokensPerSecond.map { String(format: "%.1f tok/s", $0) } ?? "-- tok/s"
        let eta = progress.etaSeconds.map { "ETA " + TimeFormat.clock($0) } ?? "ETA --"
        switch style {
        case .bar:
            let width = 24
            let filled = progress.total > 0 ? width * progress.step / progress.total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line =
                "episode \(progress.episode) \(progress.task) [\(bar)] \(progress.step)/\(progress.total) · \(speed) · \(eta)"
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            barShown = progress.step < progress.total
            if !barShown { FileHandle.standardError.write(Data("\n".utf8)) }
        case .plain:
            Terminal.standardError(
                "episode \(progress.episode) \(progress.task) \(progress.step)/\(progress.total)"
                    + (progress.reused ? " (stored)" : "") + " · \(speed) · \(eta)")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let data = try? encoder.encode(progress) {
                Terminal.standardError(String(decoding: data, as: UTF8.self))
            }
        case .auto, .none:
            break
        }
    }

    /// Ends a half-drawn bar (before an error message).
    public func finishLine() {
        lock.lock()
        defer { lock.unlock() }
        if barShown { FileHandle.standardError.write(Data("\n".utf8)) }
        barShown = false
    }
}
