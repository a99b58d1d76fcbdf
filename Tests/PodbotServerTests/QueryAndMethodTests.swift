import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import PodbotTranscript
import Testing

/// Query strings as forms send them, values that only look valid, and methods a route does not take.
@Suite struct QueryAndMethodTests {
    /// A library of two small episodes whose shows have a space and a plus in their names.
    static func library() throws -> ImportAndJobsTests.Fresh {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        for (show, title, words) in [
            ("Lex Fridman Podcast", "Quokkas at dawn", "Ana: a quokka smiles.\nBen: it does, every morning.\n"),
            ("C++ Weekly", "Templates", "Jason: templates again.\nAna: templates forever, it seems.\n"),
        ] {
            let path = try fresh.scratch.write("\(title).txt", words)
            var metadata = EpisodeMetadata()
            metadata.show = show
            metadata.title = title
            _ = try fresh.backend.library.importFile(ImportRequest(path: path, metadata: metadata))
        }
        return fresh
    }

    @Test(arguments: [
        ("Lex+Fridman+Podcast", "Quokkas at dawn"), ("Lex%20Fridman%20Podcast", "Quokkas at dawn"),
        ("lex+fridman+podcast", "Quokkas at dawn"), ("C%2B%2B+Weekly", "Templates"),
    ])
    func plusInAQueryStringIsASpace(show: String, title: String) async throws {
        let fresh = try Self.library()
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: "/?q=&show=\(show)&speaker=", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(title))
                #expect(response.text.components(separatedBy: "<a href=\"/episodes/").count - 1 == 1)
            }
            try await client.execute(uri: "/api/v1/episodes?show=\(show)", method: .get) { response in
                let episodes = try #require(try response.json() as? [[String: Any]])
                #expect(episodes.map { $0["title"] as? String } == [title])
            }
            try await client.execute(uri: "/api/v1/search?q=templates+forever&mode=bm25", method: .get) { response in
                let hits = try #require(try response.json() as? [[String: Any]])
                #expect(hits.first?["title"] as? String == "Templates")
            }
        }
    }

    @Test(arguments: [
        "from=2023-13-45", "from=notadate", "to=2023-02-29", "from=2023-04-31", "from=2023-1-01", "to=+023-01-01",
        "from=2023-04-3%C2%B2", "mode=", "mode=%20", "mode=BM25x", "limit=", "limit=1e300", "limit=-1",
        "episode=1e300", "episode=abc",
    ])
    func badValuesAreRefusedNamingTheParameter(query: String) async throws {
        let fresh = try Self.library()
        let name = String(query.prefix { $0 != "=" })
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: "/api/v1/search?q=quokka&\(query)", method: .get) { response in
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains("`\(name)`"), "\(query): \(response.text)")
            }
        }
    }

    @Test(arguments: ["from=2024-02-29", "to=2023-12-31", "mode=bm25", "mode=+bm25+", "limit=1"])
    func goodValuesAreAccepted(query: String) async throws {
        let fresh = try Self.library()
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: "/api/v1/search?q=quokka&\(query)", method: .get) { response in
                #expect(response.status == .ok, "\(query): \(response.text)")
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/episodes", HTTPRequest.Method.delete, "GET"), ("/api/v1/episodes/1", .post, "GET"),
        ("/api/v1/import", .get, "POST"), ("/api/v1/import", .put, "POST"), ("/api/v1/jobs", .patch, "GET, POST"),
        ("/api/v1/jobs/abc", .put, "DELETE, GET"), ("/api/v1/search", .post, "GET"),
        ("/api/v1/ask", .delete, "GET, POST"),
        ("/", .post, "GET"), ("/episodes/1", .delete, "GET"),
    ])
    func wrongMethodIs405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        let fresh = try Self.library()
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                if path.hasPrefix("/api/") {
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.text.contains("use \(allow)"))
                }
            }
            // A path no route has is still 404.
            try await client.execute(uri: path + "/nothing/here", method: method) { response in
                #expect(response.status == .notFound, "\(method) \(path)/nothing/here")
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/ask", #"{"question": "x", "k": 1e300}"#, "`k` must be a whole number from 1 to 20"),
        ("/api/v1/ask", #"{"question": "x", "k": 2.5}"#, "`k` must be a whole number from 1 to 20"),
        ("/api/v1/ask", #"{"question": "x", "episode": -1e19}"#, "`episode` must be a whole number from 1"),
        ("/api/v1/ask", #"{"question": "x", "episode": "abc"}"#, "`episode` must be a whole number from 1"),
        ("/api/v1/ask", #"{"k": 3}"#, "`question` is required"),
        ("/api/v1/ask", #"{"question": "x", "stream": "yes"}"#, "`stream` must be true or false"),
        ("/api/v1/jobs", #"{"kind": "summarize", "episodes": 3}"#, "`episodes` must be a list of whole numbers"),
        ("/api/v1/jobs", #"{"kind": "summarize", "episodes": [1e300]}"#, "`episodes[0]` must be a whole number from 1"),
        (
            "/api/v1/jobs", #"{"kind": "summarize", "episodes": [1, "two"]}"#,
            "`episodes[1]` must be a whole number from 1"
        ),
        ("/api/v1/jobs", #"{"kind": 5}"#, "`kind` must be a string"),
        ("/api/v1/jobs", "not json", "the body must be a JSON object like"),
    ])
    func hostileJSONBodiesNameTheField(path: String, body: String, message: String) async throws {
        let fresh = try Self.library()
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                let problem = try #require(try response.json() as? [String: Any])
                let detail = try #require(problem["detail"] as? String)
                #expect(detail.hasPrefix(message), "\(detail)")
                #expect(!detail.contains("\n"))
            }
        }
        #expect(await fresh.backend.jobs.list().isEmpty)
    }
}
