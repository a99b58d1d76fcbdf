import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotTestSupport
import Testing

/// `/api/v1/feeds` and `/api/v1/episodes/{id}/export` through the router, on the corpus library.
@Suite struct FeedsAndExportAPITests {
    @Test func exportsAreAttachmentsWithTheirMediaTypeAndEscapedText() async throws {
        let shared = try await ServerFixture.get()
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/episodes/\(shared.hostileID)/export?format=vtt", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/vtt; charset=utf-8")
                #expect(
                    response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"\(shared.hostileID)-")
                        == true)
                #expect(response.text.hasPrefix("WEBVTT\n"))
                #expect(!response.text.contains("<script>") && response.text.contains("&lt;script&gt;"))
            }
            try await client.execute(uri: "/api/v1/episodes/\(shared.hostileID)/export?format=chapters", method: .get) {
                response in
                // No chapters yet: the episode was never summarized.
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/episodes/\(shared.lexID)/export?format=srt", method: .get) {
                response in
                #expect(response.status == .unprocessableContent)
                let problem = try #require(try response.json() as? [String: Any])
                #expect((problem["detail"] as? String)?.contains("has no timestamps") == true)
            }
            try await client.execute(uri: "/api/v1/episodes/\(shared.lexID)/export?format=md", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/markdown; charset=utf-8")
            }
            try await client.execute(uri: "/api/v1/episodes/\(shared.lexID)/export?format=pdf", method: .get) {
                response in
                #expect(response.status == .badRequest)
                let problem = try #require(try response.json() as? [String: Any])
                #expect(problem["detail"] as? String == "format: \"pdf\" is not one of vtt, srt, json, chapters, md")
            }
        }
    }

    @Test func feedsListAndTheServerNeverReadsLocalFiles() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/feeds", method: .get) { response in
                #expect(response.status == .ok)
                #expect((try? response.json() as? [Any]) != nil)
            }
            for url in ["/etc/passwd", "file:///etc/passwd", "ftp://example.com/feed.xml"] {
                let body = #"{"url": "\#(url)"}"#
                try await client.execute(
                    uri: "/api/v1/feeds", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .unprocessableContent, "\(url)")
                    #expect(!response.text.contains("root:"), "\(url)")
                }
            }
            for (uri, method) in [("/api/v1/feeds/999", HTTPRequest.Method.get), ("/api/v1/feeds/999/sync", .post)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/feeds/abc", method: .delete) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
