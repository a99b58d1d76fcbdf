import Foundation
import Hummingbird
import PodbotFeeds
import PodbotLibrary
import PodbotService

/// Feeds: `GET /feeds`, `GET /feeds/{feed}` (with its items); behind the token, `POST /feeds {"url"}` subscribes and
/// syncs and `POST /feeds/{feed}/sync` syncs, each as a background job (202, with the job's status and its
/// `Location`; progress is items stored), and `DELETE /feeds/{feed}[?delete_episodes=true]` unsubscribes.
///
/// The server fetches http and https feeds only: a client may not make it read a file on the machine.
struct FeedsAPI {
    let backend: Backend

    struct RemovedBody: Encodable {
        var feed: FeedSummary
        var deletedEpisodes: Int

        enum CodingKeys: String, CodingKey {
            case feed
            case deletedEpisodes = "deleted_episodes"
        }
    }

    func registerReads(on group: some RouterMethods<BasicRequestContext>) {
        group.get("feeds") { _, _ in try JSONResponse.make(try await backend.podbot.feeds()) }
        group.get("feeds/{feed}") { _, context in
            try JSONResponse.make(try await backend.podbot.feed(feedID(context)))
        }
    }

    func registerWrites(on group: some RouterMethods<BasicRequestContext>) {
        group.post("feeds") { request, _ in
            try request.requireJSONBody()
            var request = request
            let data = try await request.collectBody(upTo: 16 * 1024)
            let body = try JSONArguments(body: data, example: "{\"url\": \"https://example.com/feed.xml\"}")
            let url = try body.requiredString("url")
            guard case .web = try ResourceLocation.given(url) else {
                throw ProblemDetails(.unprocessableContent, "url: the server fetches http and https feeds only")
            }
            return try await accepted(.feedAdd(url: url))
        }
        group.post("feeds/{feed}/sync") { _, context in
            // A feed that is not there is a 404, not a job that fails.
            let id = try await backend.podbot.feed(feedID(context)).feed.id
            return try await accepted(.feedSync(feedID: id))
        }
        group.delete("feeds/{feed}") { request, context in
            let deleteEpisodes: Bool
            switch request.query("delete_episodes") {
            case nil, "false": deleteEpisodes = false
            case "true": deleteEpisodes = true
            case let other?:
                throw ProblemDetails(.badRequest, "delete_episodes: \"\(other)\" is not true or false")
            }
            let removed = try await backend.podbot.removeFeed(try feedID(context), deleteEpisodes: deleteEpisodes)
            return try JSONResponse.make(RemovedBody(feed: removed.feed, deletedEpisodes: removed.deleted))
        }
    }

    /// Queues `kind`: 202 with the job's status, and where to follow it.
    private func accepted(_ kind: JobKind) async throws -> Response {
        try JSONResponse.accepted(await backend.jobs.submit(kind))
    }

    /// The feed id of the path.
    private func feedID(_ context: BasicRequestContext) throws -> Int64 {
        let text = context.parameters.get("feed") ?? ""
        guard let id = Int64(text), id > 0 else { throw ProblemDetails(.badRequest, "feed: \"\(text)\" is not an id") }
        return id
    }
}
