import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import Testing

/// Other web pages and rebound DNS names cannot use the loopback server: forged `Host` is 421, a foreign `Origin`
/// on a write is 403, a body not declared as JSON or multipart is 415, and nothing is stored or started.
@Suite struct SameOriginTests {
    /// What a refused write must not have done: no episode, no upload on disk, no job.
    static func expectNothingDone(_ fresh: ImportAndJobsTests.Fresh) async throws {
        #expect(try fresh.backend.library.episodes().isEmpty)
        let uploads = (try? FileManager.default.subpathsOfDirectory(atPath: fresh.scratch.path("uploads"))) ?? []
        #expect(uploads.filter { !$0.hasSuffix("/") && $0.contains(".") }.isEmpty, "left behind: \(uploads)")
        #expect(await fresh.backend.jobs.list().isEmpty)
    }

    static let summarizeAll = ByteBuffer(string: #"{"kind": "summarize", "episodes": []}"#)

    @Test func forgedHostIsMisdirected() async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.live) { client in
            let port = try #require(client.port)
            // The raw client's 15-second read timeout failed on a loaded box (a fresh-clone suite beside an eval): a
            // slow answer is not a wrong one, so the timeout is only a hang detector.
            try await TestClient.withClient(
                host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(600))
            ) { raw in
                for host in [
                    "evil.example.com", "evil.example.com:\(port)", "127.0.0.1.evil.com:\(port)",
                    "localhost:\(port + 1)",
                    "localhost:notaport", "[::1",
                ] {
                    let response = try await raw.execute(
                        TestClient.Request("/api/v1/episodes", method: .get, authority: host))
                    #expect(response.status == .misdirectedRequest, "Host: \(host)")
                    let body = String(buffer: response.body ?? ByteBuffer())
                    #expect(body.contains("is not this server"), "Host: \(host)")
                }
                for host in [
                    "127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)", "localhost",
                ] {
                    let response = try await raw.execute(
                        TestClient.Request("/api/v1/episodes", method: .get, authority: host))
                    #expect(response.status == .ok, "Host: \(host)")
                }
                // A forged Host cannot start work either.
                let response = try await raw.execute(
                    TestClient.Request(
                        "/api/v1/jobs", method: .post, authority: "evil.example.com:\(port)",
                        headers: [.contentType: "application/json"], body: Self.summarizeAll))
                #expect(response.status == .misdirectedRequest)
            }
        }
        try await Self.expectNothingDone(fresh)
    }

    @Test(arguments: [
        "http://localhost:18450", "http://127.0.0.1:18450", "null", "https://localhost", "http://evil.com",
    ])
    func crossOriginWritesAreForbiddenAndDoNothing(origin: String) async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        let (upload, type) = Uploads.multipart(filename: "attack.txt", content: try Corpus.text(Corpus.vanishing))
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type, .origin: origin],
                body: ByteBuffer(string: upload)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.text.contains("cross-origin"))
            }
            for contentType in ["application/json", "text/plain"] {
                try await client.execute(
                    uri: "/api/v1/jobs", method: .post, headers: [.contentType: contentType, .origin: origin],
                    body: Self.summarizeAll
                ) { response in
                    #expect(response.status == .forbidden)
                }
            }
        }
        try await Self.expectNothingDone(fresh)
    }

    @Test(arguments: ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", ""])
    func jobsRefuseBodiesNotDeclaredAsJSON(contentType: String) async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            let headers: HTTPFields = contentType.isEmpty ? [:] : [.contentType: contentType]
            try await client.execute(uri: "/api/v1/jobs", method: .post, headers: headers, body: Self.summarizeAll) {
                response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.text.contains("Content-Type"))
            }
            // Multipart passes the generic check, but this endpoint reads JSON.
            try await client.execute(
                uri: "/api/v1/jobs", method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                body: Self.summarizeAll
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
        try await Self.expectNothingDone(fresh)
    }

    @Test func sameOriginAndNoOriginStillWork() async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        let (upload, type) = Uploads.multipart(filename: "vanishing.txt", content: try Corpus.text(Corpus.vanishing))
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            // The router test client sends `Host: localhost`, so its own origin is http://localhost.
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type, .origin: "http://localhost"],
                body: ByteBuffer(string: upload)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: upload)
            ) { response in
                #expect(response.status == .ok)
            }
            // Both reach the handler: it refuses the unknown episode, so no model is loaded.
            for headers: HTTPFields in [
                [.contentType: "application/json", .origin: "http://localhost"],
                [.contentType: "application/json; charset=utf-8"],
            ] {
                try await client.execute(
                    uri: "/api/v1/jobs", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"kind": "summarize", "episodes": [999]}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("no episode 999"))
                }
            }
            // Reads from other origins stay possible (CORS still decides what their scripts may see).
            try await client.execute(uri: "/api/v1/episodes", method: .get, headers: [.origin: "http://evil.com"]) {
                response in
                #expect(response.status == .ok)
            }
        }
        #expect(try fresh.backend.library.episodes().count == 1)
        #expect(await fresh.backend.jobs.list().isEmpty)
    }
}
