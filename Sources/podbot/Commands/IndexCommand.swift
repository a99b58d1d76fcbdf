import ArgumentParser
import Foundation
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval

/// `podbot index`: embeds the passages that have no vector yet (incremental).
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Embed new or changed passages for vector and hybrid search.",
        discussion: """
            Only passages without a vector from the configured embedding model are embedded, so a second run \
            after no import does nothing. Each batch is saved as it finishes; an interrupted run keeps its work.
            """)

    @OptionGroup var options: LibraryOptions
    @OptionGroup var embedding: EmbeddingOptions
    @Option(help: "Passages per batch (and per transaction).") var batchSize = 64
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let library = try options.open()
        let embedder = try embedding.embedder()
        let indexer = EmbeddingIndexer(library: library, embedder: embedder, batchSize: batchSize)
        let report = try await indexer.run { done, todo in
            Terminal.standardError("embedded \(done)/\(todo) passages")
        }
        if json {
            return try Terminal.printJSON(
                IndexOutput(
                    model: embedder.modelName, embedded: report.embedded, total: report.total,
                    passages: report.passages, seconds: report.seconds))
        }
        print(
            "Embedded \(report.embedded) passages in \(String(format: "%.1f", report.seconds)) s; "
                + "\(report.total) of \(report.passages) passages have vectors (\(embedder.modelName)).")
    }
}

/// What `podbot index --json` prints.
struct IndexOutput: Encodable {
    var model: String
    var embedded: Int
    var total: Int
    var passages: Int
    var seconds: Double
}

/// `--embedding-model`, `--embedding-url`, `--threads`: which embedding model retrieval uses.
struct EmbeddingOptions: ParsableArguments {
    @Option(help: "A GGUF embedding model (or, with --embedding-url, the server's model name).")
    var embeddingModel: String?
    @Option(help: "Base URL of an OpenAI-compatible embeddings server.") var embeddingURL: String?
    @Option(help: "CPU threads for local models.") var threads: Int?

    /// The configured embedder.
    /// - Throws: `InferenceError` naming the model file or setting at fault.
    func embedder() throws -> any Embedder {
        try InferenceBackends.embedder(configuration())
    }

    func configuration(chatModel: String? = nil, chatURL: String? = nil, contextSize: Int? = nil) throws
        -> InferenceConfiguration
    {
        try InferenceConfiguration.resolve(
            overrides: .init(
                chatModel: chatModel, chatURL: chatURL, embeddingModel: embeddingModel, embeddingURL: embeddingURL,
                contextSize: contextSize, threads: threads))
    }
}

/// `--show`, `--speaker`, `--from`, `--to` (and the episode, resolved by the caller): what retrieval may return.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this show.") var show: String?
    @Option(help: "Only passages where this speaker speaks (part of the name, any case).") var speaker: String?
    @Option(help: "Only episodes published on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Only episodes published on or before this day (YYYY-MM-DD).") var to: String?

    func validate() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
            guard let value else { continue }
            guard PublishDate.isDay(value) else {
                throw ValidationError("\(flag) '\(value)' is not a day like 2023-04-30")
            }
        }
    }

    func filter(episodeID: Int64?) -> PassageFilter {
        PassageFilter(episodeID: episodeID, show: show, speaker: speaker, publishedFrom: from, publishedTo: to)
    }
}

extension RetrievalMode: ExpressibleByArgument {}

/// Builds a retriever, falling back to BM25 with a one-line notice when vectors or the model are missing.
enum RetrieverFactory {
    static func make(library: Library, embedding: EmbeddingOptions, mode: RetrievalMode) -> Retriever {
        guard mode != .bm25 else { return Retriever(library: library, embedder: nil, index: nil) }
        do {
            let embedder = try embedding.embedder()
            let retriever = try Retriever(library: library, embedder: embedder)
            if !retriever.hasVectors {
                Terminal.standardError(
                    "podbot: no passage embeddings in this library yet (run `podbot index`); using BM25")
            } else if let coverage = try? library.embeddingCoverage(
                model: PassageVectors.storageKey(model: embedder.modelName)),
                coverage.embedded < coverage.passages
            {
                Terminal.standardError(
                    "podbot: \(coverage.passages - coverage.embedded) passages have no embedding yet "
                        + "(run `podbot index`); vector search skips them")
            }
            return retriever
        } catch {
            Terminal.standardError("podbot: \(error); using BM25")
            return Retriever(library: library, embedder: nil, index: nil)
        }
    }
}
