import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotServer

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

/// A feed subscribed through the API as a background job, against a real feed server on loopback, then seen on
/// the pages: the library lists it, the episode shows the creator's chapters as theirs.
@Suite struct FeedJobsTests {
    @Test func subscribingAndSyncingAreJobsWithProgressAndThePagesShowTheFeed() async throws {
        let feeds = FeedServer()
        try feeds.serveFixture("feed.xml", at: "/feed.xml", type: "application/rss+xml")
        try feeds.serveFixture("ep1.vtt", type: "text/vtt")
        try feeds.serveFixture("ep1-chapters.json", type: "application/json")
        try feeds.serveFixture("ep2.html", type: "text/html")
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        try await feeds.run { base in
            try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
                let job = try await client.execute(
                    uri: "/api/v1/feeds", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"url": "\#(base)/feed.xml"}"#)
                ) { response -> String in
                    #expect(response.status == .accepted)
                    let job = try #require(try response.json() as? [String: Any])
                    #expect(job["kind"] as? String == "feed-add")
                    #expect(response.headers[.location] == "/api/v1/jobs/\(job["id"] as? String ?? "")")
                    return try #require(job["id"] as? String)
                }
                let added = await fresh.backend.jobs.wait(job)
                #expect(added?.state == .succeeded)
                #expect((added?.done, added?.total) == (3, 3))
                #expect(added?.message == "Data Hour (feed 1): 3 items: 2 new, 1 without a transcript.")

                try await client.execute(uri: "/api/v1/feeds/1", method: .get) { response in
                    let body = try #require(try response.json() as? [String: Any])
                    let items = try #require(body["items"] as? [[String: Any]])
                    #expect(items.map { $0["status"] as? String } == ["imported", "imported", "no-transcript"])
                }
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.text.contains(#"<a href="/?show=Data%20Hour">Data Hour</a>"#), "\(response.text)")
                    #expect(response.text.contains("2 of 3 items imported · 1 without a transcript · synced 20"))
                }
                let episode = try #require(
                    try fresh.backend.library.feedItems(1).first { $0.guid == "datahour-1" }?.episodeID)
                try await client.execute(uri: "/episodes/\(episode)", method: .get) { response in
                    #expect(response.text.contains("Chapters <small>(the creator's)</small>"))
                    #expect(response.text.contains("Transcript tags"))
                }

                let sync = try await client.execute(uri: "/api/v1/feeds/1/sync", method: .post) { response -> String in
                    #expect(response.status == .accepted)
                    return try #require(try response.json() as? [String: Any])["id"] as? String ?? ""
                }
                let synced = await fresh.backend.jobs.wait(sync)
                #expect(synced?.message == "Data Hour (feed 1): not modified since the last sync.")
                #expect(try fresh.backend.library.episodes().count == 2)
            }
        }
    }
}

/// A long episode is served a page at a time: the API by `offset`/`limit`, the page by `offset` or the passage a
/// link names, so no request renders millions of words.
@Suite struct TranscriptPagingTests {
    @Test func longEpisodesArePagedInTheAPIAndThePage() async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        // The Whisper transcript three times over: about 5,800 segments, four hours.
        // Imported on a thread of its own: seconds of parsing on the cooperative pool would starve the servers that
        // other suites run in this process.
        let library = fresh.backend.library
        let scratch = fresh.scratch
        let (id, total, latePassage) = try await onOwnThread { () throws -> (Int64, Int, Passage?) in
            let whisper = try Corpus.text(Corpus.whisper)
            let path = try scratch.write("long.txt", whisper + whisper + whisper)
            let id = try #require(try library.importFile(ImportRequest(path: path)).episodeIDs.first)
            let passages = try library.passages(episode: id)
            return (id, try library.episode(id).episode.segments, passages.last { $0.firstSegment >= 4000 })
        }
        #expect(total > 5800)
        let late = try #require(latePassage)
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: "/api/v1/episodes/\(id)", method: .get) { response in
                let json = try #require(try response.json() as? [String: Any])
                #expect((json["segments"] as? [Any])?.count == TranscriptPaging.defaultLimit)
                #expect(json["segment_offset"] as? Int == 0 && json["segment_count"] as? Int == total)
            }
            try await client.execute(uri: "/api/v1/episodes/\(id)/transcript?offset=5800&limit=50", method: .get) {
                response in
                let json = try #require(try response.json() as? [String: Any])
                #expect((json["segments"] as? [Any])?.count == total - 5800)
                #expect(json["segment_offset"] as? Int == 5800)
                let passages = try #require(json["passages"] as? [[String: Any]])
                #expect(!passages.isEmpty && passages.allSatisfy { ($0["last_segment"] as? Int ?? 0) >= 5800 })
            }
            for bad in ["offset=-1", "limit=0", "limit=10001", "offset=1e300"] {
                try await client.execute(uri: "/api/v1/episodes/\(id)/transcript?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
            try await client.execute(uri: "/episodes/\(id)", method: .get) { response in
                #expect(response.text.contains("segments 1–2000 of \(total)"))
                #expect(response.text.contains("id=\"s-1999\"") && !response.text.contains("id=\"s-2000\""))
                #expect(response.text.contains("<a rel=\"next\" href=\"/episodes/\(id)?offset=2000\">Later</a>"))
            }
            // A citation link names its passage: the page that holds it is served.
            try await client.execute(uri: "/episodes/\(id)?passage=\(late.id!)", method: .get) { response in
                #expect(response.text.contains("id=\"p-\(late.id!)\""))
                #expect(response.text.contains("segments 4001–\(total) of \(total)"))
                #expect(response.text.contains("<a rel=\"prev\" href=\"/episodes/\(id)?offset=2000\">Earlier</a>"))
            }
        }
    }
}
