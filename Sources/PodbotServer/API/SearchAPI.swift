import Hummingbird
import PodbotLibrary
import PodbotRetrieval

/// `GET /search?q=`: the same JSON as `podbot search --json`.
struct SearchAPI {
    let backend: Backend

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("search") { request, _ in
            guard let text = request.query("q") else {
                throw ProblemDetails(.badRequest, "give the words to find as `q`")
            }
            let hits = try await backend.search(
                text, filter: try request.passageFilter(), mode: try request.retrievalMode(),
                limit: try request.query("limit", in: SearchLimits.range, default: SearchLimits.defaultLimit))
            return try JSONResponse.make(hits)
        }
    }
}

extension Request {
    /// `episode`, `show`, `speaker`, `from`, `to` as a passage filter.
    func passageFilter() throws -> PassageFilter {
        let episode: Int64?
        if let text = query("episode") {
            guard let id = Int64(text) else { throw ProblemDetails(.badRequest, "`episode` must be an episode id") }
            episode = id
        } else {
            episode = nil
        }
        return PassageFilter(
            episodeID: episode, show: query("show"), speaker: query("speaker"), publishedFrom: try day("from"),
            publishedTo: try day("to"))
    }

    /// `mode` as a retrieval mode, `nil` for the server's default.
    /// - Throws: 400 for any other value, an empty one included.
    func retrievalMode() throws -> RetrievalMode? {
        guard let text = queryValue("mode") else { return nil }
        guard let mode = RetrievalMode(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw ProblemDetails(.badRequest, "`mode` must be bm25, vector or hybrid")
        }
        return mode
    }
}
