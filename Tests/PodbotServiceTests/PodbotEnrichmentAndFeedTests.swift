import Foundation
import PodbotFeeds
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

@testable import PodbotService

/// A library of two small episodes, with the folder that holds it.
private func twoEpisodes() throws -> (Library, [Int64], ScratchFolder) {
    let scratch = ScratchFolder()
    let library = try Library(path: scratch.path("library.sqlite"))
    var ids: [Int64] = []
    for (name, text) in [
        ("kaggle.txt", "Jeremy started Kaggle competitions to find the best data scientists in the world."),
        ("course.txt", "The fast.ai course teaches deep learning to coders from the top down, one project at a time."),
    ] {
        let report = try library.importFile(ImportRequest(path: try scratch.write(name, text)))
        ids += report.episodeIDs
    }
    return (library, ids, scratch)
}

@Suite("Enrichment through Podbot")
struct PodbotEnrichmentTests {
    @Test("a summarize that names no episode covers every one, and without the embedding model says how it goes on")
    func summarizeEveryEpisode() async throws {
        let (library, ids, _) = try twoEpisodes()
        let notices = NoticeLog()
        let podbot = Podbot(
            library: library,
            generator: ScriptedGenerator(reply: "Jeremy started Kaggle competitions to find the best data scientists."),
            embedder: nil, inference: .init(embeddingModel: "/nonexistent/embedder.gguf"), notice: notices.add)
        var seen: [Int64] = []
        let reports = try await podbot.summarize([], each: { seen.append($0.episode) })
        #expect(Set(reports.map(\.episode)) == Set(ids))
        #expect(seen == reports.map(\.episode), "each report is passed on as it is made, in order")
        #expect(notices.all.count == 1)
        #expect(notices.all.first?.hasSuffix("; finding chapters by the passages' words") == true)
    }

    @Test("questions without embeddings load no embedding model and cover the named episodes only")
    func questionsWithoutEmbeddings() async throws {
        let (library, ids, _) = try twoEpisodes()
        let notices = NoticeLog()
        let model = ScriptedGenerator(reply: "Why did Jeremy start Kaggle competitions?\n")
        let podbot = Podbot(
            library: library, generator: model, embedder: nil,
            inference: .init(embeddingModel: "/nonexistent/embedder.gguf"), notice: notices.add)
        let reports = try await podbot.writeQuestions([ids[0]], embeddings: false)
        #expect(reports.map(\.episode) == [ids[0]])
        #expect(notices.all.isEmpty, "no embedding model was tried")
        #expect(!model.asked.all.isEmpty)
    }
}

@Suite("Feeds through Podbot")
struct PodbotFeedTests {
    /// A feed file with one item whose transcript lies beside it.
    private static func feedFile(in scratch: ScratchFolder, name: String, text: String) throws -> String {
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>\(name)</title>
            <item><title>\(name) one</title><guid>\(name)-1</guid>
            <podcast:transcript url="\(name).txt" type="text/plain"/></item>
            </channel></rss>
            """
        _ = try scratch.write("\(name).txt", text)
        return try scratch.write("\(name).xml", feed)
    }

    @Test("a feed that brings episodes, and a removal that deletes them, make the next search reload the vectors")
    func feedChangesInvalidateVectors() async throws {
        let scratch = ScratchFolder()
        let notices = NoticeLog()
        let podbot = Podbot(library: try Library(path: scratch.path("library.sqlite")), notice: notices.add)
        let noVectors = "no passage embeddings in this library yet (run `podbot index`); using BM25"

        let kaggle = try await podbot.addFeed(
            try Self.feedFile(
                in: scratch, name: "Kaggle", text: "Jeremy started Kaggle competitions for data scientists."))
        #expect(kaggle.items.map(\.change) == [.imported])
        _ = try await podbot.search("Kaggle competitions")
        #expect(notices.all == [noVectors])

        let course = try await podbot.addFeed(
            try Self.feedFile(in: scratch, name: "Course", text: "The fast.ai course teaches deep learning to coders."))
        let hits = try await podbot.search("deep learning course for coders")
        #expect(hits.first?.episodeID == course.items.first?.episodeID)
        #expect(notices.all == [noVectors, noVectors], "the new feed's episode made the hub load the library again")

        let synced = try await podbot.syncFeed(course.feed.id)
        #expect(synced.items.allSatisfy { $0.change == .unchanged })
        _ = try await podbot.search("deep learning course for coders")
        #expect(notices.all.count == 2, "a sync that changed nothing keeps what the hub loaded")

        let kept = try await podbot.removeFeed(
            try await podbot.resolveFeed("Kaggle"), deleteEpisodes: false)
        #expect(kept.deleted == 0)
        _ = try await podbot.search("Kaggle competitions")
        #expect(notices.all.count == 2, "an unsubscription that keeps the episodes changes no passage")

        let deleted = try await podbot.removeFeed(course.feed.id, deleteEpisodes: true)
        #expect(deleted.deleted == 1)
        #expect(
            try await podbot.search("deep learning course for coders").allSatisfy {
                $0.episodeID != hits.first?.episodeID
            })
        #expect(notices.all.count == 3)
        await #expect(throws: LibraryError.self) { try await podbot.resolveFeed("Course") }
    }
}
