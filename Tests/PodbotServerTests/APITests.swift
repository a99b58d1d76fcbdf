import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import Testing

/// Every JSON route through Hummingbird's router test client, on the real corpus library.
@Suite struct APITests {
    @Test func episodesListsTheCorpusWithShowDateAndDuration() async throws {
        let shared = try await ServerFixture.get()
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/episodes", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let episodes = try #require(try response.json() as? [[String: Any]])
                let expected = try shared.backend.library.episodes()
                #expect(episodes.count == expected.count)
                #expect(episodes.count >= 6)
                let lex = try #require(episodes.first { ($0["id"] as? Int).map(Int64.init) == shared.lexID })
                let lexSummary = try #require(expected.first { $0.id == shared.lexID })
                #expect(lex["title"] as? String == lexSummary.title)
                #expect(lex["words"] as? Int == lexSummary.words)
                #expect(lex["segments"] as? Int == lexSummary.segments)
            }
        }
    }

    @Test func episodeDetailAndTranscript() async throws {
        let shared = try await ServerFixture.get()
        let detail = try shared.backend.library.episode(shared.lexID)
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/episodes/\(shared.lexID)", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(try response.json() as? [String: Any])
                #expect(json["title"] as? String == detail.episode.title)
                let segments = try #require(json["segments"] as? [[String: Any]])
                #expect(segments.count == detail.transcript.count)
                #expect(segments.first?["text"] as? String == detail.transcript.first?.text)
            }
            try await client.execute(uri: "/api/v1/episodes/\(shared.lexID)/transcript", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(try response.json() as? [String: Any])
                #expect((json["episode_id"] as? Int).map(Int64.init) == shared.lexID)
                let segments = try #require(json["segments"] as? [[String: Any]])
                #expect(segments.count == detail.transcript.count)
                let passages = try #require(json["passages"] as? [[String: Any]])
                #expect(passages.count == (try shared.backend.library.passages(episode: shared.lexID)).count)
                #expect(passages.first?["first_segment"] as? Int == 0)
            }
        }
    }

    @Test(arguments: ["/api/v1/episodes/999999", "/api/v1/episodes/abc", "/api/v1/episodes/999999/transcript"])
    func missingEpisodeIs404Problem(uri: String) async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try #require(try response.json() as? [String: Any])
                #expect(problem["status"] as? Int == 404)
                #expect(problem["title"] as? String == "Not Found")
                #expect((problem["detail"] as? String)?.contains("no episode") == true)
            }
        }
    }

    @Test func unknownRouteIs404Problem() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    /// The same JSON as `podbot search --json` (the library's BM25 hits, since the test library has no vectors).
    @Test func searchMatchesTheLibrary() async throws {
        let shared = try await ServerFixture.get()
        let expected = try shared.backend.library.searchBM25("fastai course", limit: 5)
        #expect(!expected.isEmpty)
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/search?q=fastai%20course&limit=5", method: .get) { response in
                #expect(response.status == .ok)
                let hits = try #require(try response.json() as? [[String: Any]])
                #expect(hits.count == expected.count)
                #expect(hits.map { ($0["passage_id"] as? Int).map(Int64.init) } == expected.map(\.passageID))
                #expect(hits.first?["snippet"] as? String == expected.first?.snippet)
                let keys = Set(hits.first.map { Array($0.keys) } ?? [])
                #expect(
                    keys.isSuperset(of: [
                        "episode_id", "title", "text", "speaker", "start_seconds", "end_seconds", "score", "url",
                        "passage_id", "show", "snippet",
                    ]))
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/search", "give the words"), ("/api/v1/search?q=x&limit=0", "`limit`"),
        ("/api/v1/search?q=x&mode=fuzzy", "`mode`"), ("/api/v1/search?q=x&from=yesterday", "`from`"),
        ("/api/v1/ask", "give the question"), ("/api/v1/ask?q=x&k=99", "`k`"),
    ])
    func badQueriesAre400Problems(uri: String, detail: String) async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try #require(try response.json() as? [String: Any])
                #expect((problem["detail"] as? String)?.contains(detail) == true)
            }
        }
    }

    @Test func openAPIDocumentDescribesEveryRoute() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(try response.json() as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let routes: [(String, String)] = [
                    ("/episodes", "get"), ("/episodes/{id}", "get"), ("/episodes/{id}/transcript", "get"),
                    ("/search", "get"), ("/ask", "get"), ("/ask", "post"), ("/import", "post"), ("/jobs", "get"),
                    ("/jobs", "post"), ("/jobs/{job}", "get"), ("/jobs/{job}", "delete"),
                    ("/jobs/{job}/cancel", "post"), ("/jobs/kinds", "get"), ("/openapi.json", "get"),
                    ("/episodes/{id}/export", "get"), ("/feeds", "get"), ("/feeds", "post"), ("/feeds/{feed}", "get"),
                    ("/feeds/{feed}", "delete"), ("/feeds/{feed}/sync", "post"),
                ]
                for (path, method) in routes {
                    #expect(paths[path]?[method] != nil, "\(method) \(path) is not documented")
                }
                // The job kinds a client may start are the ones the server registers.
                let jobs = paths["/jobs"]?["post"] as? [String: Any]
                let body = (jobs?["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]]
                let schema = body?["application/json"]?["schema"] as? [String: Any]
                let kind = (schema?["properties"] as? [String: [String: Any]])?["kind"]
                #expect(kind?["enum"] as? [String] == JobKind.all.map(\.name))
            }
        }
    }

    @Test func corsIsOffByDefault() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/episodes", method: .get, headers: [HTTPField.Name("Origin")!: "https://evil.example"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Access-Control-Allow-Origin")!] == nil)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }
}
