import ArgumentParser
import Foundation
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval
import PodbotService

/// `--embedding-model`, `--embedding-url`, `--threads`: which embedding model retrieval uses.
public struct EmbeddingOptions: ParsableArguments {
    public init() {}

    @Option(help: "A GGUF embedding model (or, with --embedding-url, the server's model name).")
    public var embeddingModel: String?
    @Option(help: "Base URL of an OpenAI-compatible embeddings server.") public var embeddingURL: String?
    @Option(help: "CPU threads for local models (default: the cores other processes leave free, rechecked as it runs).")
    public var threads: Int?

    /// The configured embedder.
    /// - Throws: `InferenceError` naming the model file or setting at fault.
    public func embedder() throws -> any Embedder {
        try InferenceBackends.embedder(configuration())
    }

    public func configuration(chatModel: String? = nil, chatURL: String? = nil, contextSize: Int? = nil) throws
        -> InferenceConfiguration
    {
        try InferenceConfiguration.resolve(
            overrides: overrides(chatModel: chatModel, chatURL: chatURL, contextSize: contextSize))
    }

    /// These options, with the chat model's, as the settings that override the environment and the config file.
    public func overrides(chatModel: String? = nil, chatURL: String? = nil, contextSize: Int? = nil)
        -> InferenceConfiguration.Overrides
    {
        .init(
            chatModel: chatModel, chatURL: chatURL, embeddingModel: embeddingModel, embeddingURL: embeddingURL,
            contextSize: contextSize, threads: threads)
    }
}

/// `--show`, `--speaker`, `--from`, `--to` (and the episode, resolved by the caller): what retrieval may return.
public struct FilterOptions: ParsableArguments {
    public init() {}

    @Option(help: "Only this show.") public var show: String?
    @Option(help: "Only passages where this speaker speaks (part of the name, any case).") public var speaker: String?
    @Option(help: "Only episodes published on or after this day (YYYY-MM-DD).") public var from: String?
    @Option(help: "Only episodes published on or before this day (YYYY-MM-DD).") public var to: String?

    public func validate() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
            guard let value else { continue }
            guard PublishDate.isDay(value) else {
                throw ValidationError("\(flag) '\(value)' is not a day like 2023-04-30")
            }
        }
    }

    public func filter(episodeID: Int64?) -> PassageFilter {
        PassageFilter(episodeID: episodeID, show: show, speaker: speaker, publishedFrom: from, publishedTo: to)
    }
}

extension RetrievalMode: ExpressibleByArgument {}

/// Builds a retriever as `podbot search` does (``ModelHub/retriever(for:)``), falling back to BM25 with a one-line
/// notice when vectors or the model are missing.
public enum RetrieverFactory {
    public static func make(library: Library, embedding: EmbeddingOptions, mode: RetrievalMode) async -> Retriever {
        await ModelHub(library: library, overrides: embedding.overrides(), notice: Terminal.notice).retriever(for: mode)
    }
}

/// `--rerank N`, `--rerank-model`: order the first results by how likely a small chat model finds the question
/// after each passage (``QueryLikelihoodReranker``).
public struct RerankOptions: ParsableArguments {
    public init() {}

    @Option(
        help: """
            Reorder the first N results by SmolLM2-135M's likelihood of the question after each passage (0: off). \
            Puts the answering passage first more often; about a second per passage on 2 cores.
            """)
    public var rerank = 0
    @Option(help: "The GGUF chat model that reranks (default: SmolLM2-135M from the models folder).")
    public var rerankModel: String?

    public func validate() throws {
        guard (0...SearchLimits.range.upperBound).contains(rerank) else {
            throw ValidationError("--rerank must be from 0 to \(SearchLimits.range.upperBound)")
        }
    }

    /// The reranker, or `nil` with `--rerank 0`.
    /// - Throws: ``InferenceError`` when the model cannot be loaded.
    public func reranker(threads: Int?) throws -> QueryLikelihoodReranker? {
        guard rerank > 0 else { return nil }
        let path =
            rerankModel
            ?? URL(fileURLWithPath: InferenceConfiguration.modelsDirectory())
            .appendingPathComponent(InferenceConfiguration.testChatFile).path
        let engine = try LlamaEngine(
            modelPath: path, settings: EngineSettings(contextSize: 2048, threads: threads, batchSize: 512))
        return QueryLikelihoodReranker(scorer: engine, depth: rerank)
    }
}
