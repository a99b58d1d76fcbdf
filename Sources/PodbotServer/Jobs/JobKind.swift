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
        let report = try await backend.podbot.indexEmbeddings(progress: progress)
        let second =
            report.second.map { "; \($0.embedded) by \($0.model)" }
            ?? report.secondFailure.map { "; the second model was not loaded (\($0))" } ?? ""
        return "embedded \(report.first.embedded) passages\(second); \(report.first.total) of \(report.first.passages) "
            + "have vectors"
    }

    /// `podbot summarize`: map-reduce summaries and chapters of the named episodes (all when none are named).
    public static let summarize = JobKind(
        name: "summarize", summary: "Summarize episodes and make their chapters with the chat model (resumable)"
    ) { backend, episodes, progress in
        let reports = try await backend.podbot.summarize(episodes, progress: { progress($0.step, $0.total) })
        let changed = reports.count { $0.summaryChanged || $0.chaptersChanged }
        return "summarized \(reports.count) episodes (\(changed) changed)"
    }

    /// `podbot questions`: listener questions of the named episodes (all when none are named).
    public static let questions = JobKind(
        name: "questions", summary: "Write the questions a listener would ask of episodes, with the chat model"
    ) { backend, episodes, progress in
        let reports = try await backend.podbot.writeQuestions(episodes, progress: { progress($0.step, $0.total) })
        return "\(reports.map(\.questions.count).reduce(0, +)) questions for \(reports.count) episodes"
    }
}

extension JobKind {
    /// `POST /api/v1/feeds`: subscribe to `url` and import what it publishes; progress is items stored of the
    /// feed's items. Not in ``all``: it is started with its URL, not by kind.
    static func feedAdd(url: String) -> JobKind {
        JobKind(name: "feed-add", summary: "Subscribe to a feed and import its transcripts and chapters") {
            backend, _, progress in
            let report = try await backend.podbot.addFeed(url) { progress($0.done, $0.total) }
            return FeedService.describe(report)
        }
    }

    /// `POST /api/v1/feeds/{feed}/sync`: fetch the feed again and import what is new or changed.
    static func feedSync(feedID: Int64) -> JobKind {
        JobKind(name: "feed-sync", summary: "Fetch a feed again and import what is new or changed") {
            backend, _, progress in
            let report = try await backend.podbot.syncFeed(feedID) { progress($0.done, $0.total) }
            return FeedService.describe(report)
        }
    }
}
