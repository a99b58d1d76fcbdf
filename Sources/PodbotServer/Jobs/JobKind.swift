import PodbotEnrichment
import PodbotFeeds
import PodbotRetrieval
import PodbotService

/// A kind of background job: a closure over the backend that reports progress and honours cancellation.
public struct JobKind: Sendable {
    /// What a job reports while it runs: `(done, total)`.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void
    /// The work: gets the episodes the request named (empty: every episode, where that applies) and returns a
    /// one-line result. Cancellation arrives as task cancellation.
    public typealias Work =
        @Sendable (_ backend: Backend, _ episodes: [Int64], _ progress: @escaping Progress) async throws
        -> String

    /// The name clients start it by (`POST /api/v1/jobs {"kind": name, "episodes": [ids]}`).
    public var name: String
    /// One line for the OpenAPI document and the job list.
    public var summary: String
    public var run: Work

    public init(name: String, summary: String, run: @escaping Work) {
        self.name = name
        self.summary = summary
        self.run = run
    }

    /// Every kind the server offers. Adding a kind is adding one line here.
    public static let all: [JobKind] = [.indexEmbeddings, .summarize, .questions]

    /// Embeds every passage that has no vector yet (what `podbot index` does), then reloads the vectors.
    public static let indexEmbeddings = JobKind(
        name: "index-embeddings", summary: "Embed passages that have no vector yet, for hybrid search"
    ) { backend, _, progress in
        let embedder = try await backend.models.requireEmbedder()
        let report = try await EmbeddingIndexer(library: backend.library, embedder: embedder).run(progress: progress)
        await backend.models.invalidateVectors()
        return "embedded \(report.embedded) passages; \(report.total) of \(report.passages) have vectors"
    }

    /// `podbot summarize`: map-reduce summaries and chapters of the named episodes (all when none are named).
    public static let summarize = JobKind(
        name: "summarize", summary: "Summarize episodes and make their chapters with the chat model (resumable)"
    ) { backend, episodes, progress in
        let (generator, settings) = try await backend.models.enrichment()
        let ids = try episodes.isEmpty ? backend.library.episodes().map(\.id) : episodes
        let summarizer = Summarizer(
            library: backend.library, generator: generator, embedder: await backend.models.loadEmbedder(),
            settings: settings, progress: { progress($0.step, $0.total) })
        var changed = 0
        for id in ids {
            let report = try await summarizer.summarize(episode: id)
            if report.summaryChanged || report.chaptersChanged { changed += 1 }
        }
        return "summarized \(ids.count) episodes (\(changed) changed)"
    }

    /// `podbot questions`: listener questions of the named episodes (all when none are named).
    public static let questions = JobKind(
        name: "questions", summary: "Write the questions a listener would ask of episodes, with the chat model"
    ) { backend, episodes, progress in
        let (generator, settings) = try await backend.models.enrichment()
        let ids = try episodes.isEmpty ? backend.library.episodes().map(\.id) : episodes
        let questioner = QuestionGenerator(
            library: backend.library, generator: generator, embedder: await backend.models.loadEmbedder(),
            retriever: await backend.models.retriever(for: .hybrid), settings: settings,
            progress: { progress($0.step, $0.total) })
        var kept = 0
        for id in ids { kept += try await questioner.generate(episode: id).questions.count }
        return "\(kept) questions for \(ids.count) episodes"
    }
}

extension JobKind {
    /// `POST /api/v1/feeds`: subscribe to `url` and import what it publishes; progress is items stored of the
    /// feed's items. Not in ``all``: it is started with its URL, not by kind.
    static func feedAdd(url: String) -> JobKind {
        JobKind(name: "feed-add", summary: "Subscribe to a feed and import its transcripts and chapters") {
            backend, _, progress in
            let report = try await FeedService(library: backend.library).add(url) { progress($0.done, $0.total) }
            return FeedService.describe(report)
        }
    }

    /// `POST /api/v1/feeds/{feed}/sync`: fetch the feed again and import what is new or changed.
    static func feedSync(feedID: Int64) -> JobKind {
        JobKind(name: "feed-sync", summary: "Fetch a feed again and import what is new or changed") {
            backend, _, progress in
            let report = try await FeedService(library: backend.library).sync(feedID) { progress($0.done, $0.total) }
            return FeedService.describe(report)
        }
    }
}
