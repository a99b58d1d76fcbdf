import Foundation
import PodbotErrors
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotTestSupport
import PodbotTranscript
import Testing

@testable import PodbotService

/// A model whose reply fails partway, as a server that drops its connection does.
private struct Dropped: Error {}

@Suite("The service layer the CLI, the server and MCP adapt")
struct PodbotTests {
    /// A library of one small transcript with no vectors (with the folder that holds it, kept as long as it).
    static let library = Result<(Library, ScratchFolder), any Error> {
        let scratch = ScratchFolder()
        let file = try scratch.write(
            "swift.txt",
            """
            Swift for TensorFlow got archived after Chris Lattner left Google in 2021. The team moved to JAX.

            Jeremy started Kaggle competitions to find the best data scientists in the world.

            The fast.ai course teaches deep learning to coders from the top down, one project at a time.
            """)
        let library = try Library(path: scratch.path("library.sqlite"))
        _ = try library.importFile(ImportRequest(path: file, metadata: EpisodeMetadata(title: "Swift talk")))
        return (library, scratch)
    }

    /// A library of the Latent Space transcript, for asks that pass the BM25 coverage floor.
    static let corpusLibrary = Result<(Library, ScratchFolder), any Error> {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        _ = try library.importFile(ImportRequest(path: Corpus.path(Corpus.whisper)))
        return (library, scratch)
    }

    static let question = "What became of Swift for TensorFlow once Chris left Google?"

    @Test("hybrid search with an embedding model that cannot load is BM25's, and says why once")
    func fallsBackToBM25() async throws {
        let library = try Self.library.get().0
        let notices = NoticeLog()
        let podbot = Podbot(
            library: library, inference: .init(embeddingModel: "/nonexistent/embedder.gguf"), notice: notices.add)
        let hybrid = try await podbot.search("Kaggle competitions")
        let again = try await podbot.search("Kaggle competitions", mode: .vector)
        let bm25 = try library.searchBM25("Kaggle competitions", limit: SearchLimits.defaultLimit)
        #expect(!hybrid.isEmpty)
        #expect(hybrid.map(\.passageID) == bm25.map(\.passageID))
        #expect(again.map(\.passageID) == bm25.map(\.passageID))
        #expect(notices.all.count == 1)
        #expect(notices.all.first?.contains("embedder.gguf") == true)
        #expect(notices.all.first?.hasSuffix("using BM25") == true)
    }

    @Test(
        "podbot index embeds with both bundled models, drops a model's no longer configured, and search ranks with both"
    )
    func indexesBothModels() async throws {
        let configuration = try InferenceConfiguration.resolve()
        #expect(configuration.secondEmbedding != nil, "the bootstrap puts multilingual-e5-small in the models folder")
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        _ = try library.importFile(ImportRequest(path: Corpus.path(Corpus.lex)))
        let passages = try library.passagesNeedingEmbedding(model: "old", dimension: 2, limit: 10_000)
        try library.storeEmbeddings(passages.map { ($0.id, [[1, 0]]) }, model: "old", dimension: 2)
        let notices = NoticeLog()
        let podbot = Podbot(library: library, notice: notices.add)
        let report = try await podbot.indexEmbeddings()
        #expect(report.first.embedded == passages.count)
        let second = try #require(report.second)
        #expect(second.model == InferenceConfiguration.secondEmbeddingFile)
        #expect(second.embedded == passages.count && second.total == passages.count)
        #expect(report.removed == passages.count)
        #expect(try library.embeddingKeys().count == 2)
        #expect(await podbot.models.retriever(for: .hybrid).second != nil)
        let hits = try await podbot.search("Which startup lets you download your medical records to your phone?")
        #expect(hits.prefix(3).contains { $0.text.contains("download your medical data") })
        #expect(notices.all.isEmpty)
        #expect(try await podbot.indexEmbeddings().second?.embedded == 0)
    }

    @Test(
        "a second model that fails to load is never taken for none: however often index runs, its vectors stay"
    )
    func failedSecondModelKeepsItsVectors() async throws {
        struct Damaged: Error, CustomStringConvertible {
            var description: String { "e5.gguf: too small to be a GGUF model" }
        }
        final class Attempts: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.withLock { count += 1 } }
            var all: Int { lock.withLock { count } }
        }
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let file = try scratch.write(
            "talk.txt", "Jeremy started Kaggle competitions to find the best data scientists in the world.")
        _ = try library.importFile(ImportRequest(path: file))
        // The second model's vectors, as an index run made them before its file was damaged.
        let passages = try library.passagesNeedingEmbedding(model: "e5", dimension: 2, limit: 100)
        try library.storeEmbeddings(passages.map { ($0.id, [[1, 0]]) }, model: "e5", dimension: 2)
        let attempts = Attempts()
        let hub = ModelHub(
            library: library, generator: nil, embedder: nil, overrides: .init(), notice: { _ in },
            loadSecond: { _ in
                attempts.add()
                throw Damaged()
            })
        let podbot = Podbot(library: library, models: hub)
        for run in 1...2 {
            let report = try await podbot.indexEmbeddings()
            #expect(report.first.total == passages.count, "run \(run)")
            #expect(report.second == nil && report.removed == 0, "run \(run)")
            #expect(report.secondFailure == Damaged().description, "run \(run)")
        }
        // The second run was told the first run's failure, not handed "no second model".
        #expect(attempts.all == 1)
        #expect(try library.embeddingKeys().contains("e5"))
    }

    @Test("a library with no vectors yet says to run podbot index, with the real embedding model")
    func noVectorsYet() async throws {
        let library = try Self.library.get().0
        let notices = NoticeLog()
        let podbot = Podbot(library: library, notice: notices.add)
        let hits = try await podbot.search("deep learning course")
        #expect(hits.first?.text.contains("fast.ai course") == true)
        #expect(notices.all == ["no passage embeddings in this library yet (run `podbot index`); using BM25"])
    }

    @Test("a search's limit is brought into range, and blank text finds nothing")
    func searchLimits() async throws {
        let podbot = Podbot(library: try Self.library.get().0, generator: nil, embedder: nil)
        #expect(try await podbot.search("the", mode: .bm25, limit: 0).count == 1)
        #expect(try await podbot.search("the", mode: .bm25, limit: 1000).count <= SearchLimits.range.upperBound)
        #expect(try await podbot.search("  \n", mode: .bm25).isEmpty)
    }

    @Test("a blank or overlong question is invalid input, and never waits for the model")
    func questionRules() async throws {
        let model = ScriptedGenerator(reply: "unused")
        let podbot = Podbot(library: try Self.library.get().0, generator: model, embedder: nil, searchMode: .bm25)
        for question in ["   ", String(repeating: "why ", count: Podbot.maxQuestionLength / 4 + 1)] {
            do {
                _ = try await podbot.ask(question)
                Issue.record("asked \(question.prefix(20))")
            } catch let error as ServiceError {
                #expect(error.failureKind == .invalidInput)
            }
        }
        #expect(model.asked.all.isEmpty)
    }

    @Test("an ask streams the checked answer of the given model, cites its passage and frees the model")
    func asks() async throws {
        let model = ScriptedGenerator(
            reply: "Swift for TensorFlow got archived after Chris left [1]. Apple rewrote it in Rust in 2023 [1].")
        let podbot = Podbot(
            library: try Self.corpusLibrary.get().0, generator: model, embedder: nil, searchMode: .bm25)
        let shown = Shown()
        let result = try await podbot.ask(Self.question, k: 100) { shown.append($0) }
        #expect(result.covered)
        #expect(result.answer == "Swift for TensorFlow got archived after Chris left [1].")
        #expect(shown.value.contains("archived after Chris left"))
        #expect(!shown.value.contains("Rust"))
        #expect(result.citations.first?.text.contains("Swift for TensorFlow got archived") == true)
        #expect(result.passages.count == AskPipeline.Request.kRange.upperBound)
        #expect(model.asked.all.count == 1)
        #expect(await podbot.askGate.waiting == 0)
        try await podbot.askGate.checkRoom()
    }

    @Test("a model that fails partway passes its error on and leaves the model free for the next ask")
    func failureFreesTheGate() async throws {
        let library = try Self.corpusLibrary.get().0
        let failing = Podbot(
            library: library, generator: ScriptedGenerator(reply: "Swift for", failure: Dropped()), embedder: nil,
            searchMode: .bm25, askQueueLimit: 0)
        await #expect(throws: Dropped.self) { try await failing.ask(Self.question) }
        // With no room to queue, a gate still held would refuse this ask as busy.
        await #expect(throws: Dropped.self) { try await failing.ask(Self.question) }
    }
}
