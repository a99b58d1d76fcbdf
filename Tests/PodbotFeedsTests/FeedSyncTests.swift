import Foundation
import PodbotFeeds
import PodbotLibrary
import PodbotTestSupport
import Testing

/// Subscribing and syncing against a real HTTP server on loopback.
@Suite struct FeedSyncTests {
    /// The fixture show: a VTT (with an SRT beside it), an HTML transcript at a relative URL, and a trailer
    /// with no transcript.
    private func dataHour() throws -> FeedServer {
        let server = FeedServer()
        try server.serveFixture("feed.xml", at: "/feed.xml", type: "application/rss+xml")
        try server.serveFixture("ep1.vtt", type: "text/vtt")
        try server.serveFixture("ep1.srt", type: "application/x-subrip")
        try server.serveFixture("ep1-chapters.json", type: "application/json")
        try server.serveFixture("ep2.html", type: "text/html")
        return server
    }

    @Test func addImportsEachItemsBestTranscriptWithTheFeedsMetadataAndChapters() async throws {
        let server = try dataHour()
        try await server.run { base in
            let library = try Library()
            let report = try await FeedService(library: library).add(base + "/feed.xml")
            #expect(report.feed.title == "Data Hour")
            #expect(report.feed.author == "Ana Lima")
            #expect(report.feed.language == "en-gb")
            #expect(report.feed.image == "https://datahour.example/cover.jpg")
            #expect(report.items.map(\.change) == [.imported, .imported, .noTranscript])
            #expect(report.feed.items == 3 && report.feed.episodes == 2 && report.feed.withoutTranscript == 1)
            // The SRT copy is never downloaded: WebVTT ranks first.
            #expect(server.count(status: 200) { $0 == "/ep1.srt" } == 0)

            let first = try library.episode(try #require(report.items[0].episodeID))
            #expect(first.episode.title == "Feeds & transcripts")
            #expect(first.episode.show == "Data Hour")
            #expect(first.episode.published == "2026-11-03")
            #expect(first.episode.durationSeconds == 3723)
            #expect(first.episode.url == "https://datahour.example/1")
            #expect(first.hosts == ["Ana Lima"])
            #expect(first.guests == ["Ben Okafor"])
            #expect(first.source.format == "vtt")
            #expect(first.episode.speakers == ["Ana Lima", "Ben Okafor"])
            #expect(first.transcript.map(\.startSeconds) == [0, 6, 65])
            #expect(
                try library.creatorChapters(episode: first.episode.id) == [
                    CreatorChapter(startSeconds: 0, title: "Welcome", image: "https://datahour.example/welcome.jpg"),
                    CreatorChapter(startSeconds: 6, endSeconds: 65, title: "Transcript tags"),
                    CreatorChapter(startSeconds: 65, title: "Chapters", url: "https://datahour.example/chapters"),
                ])

            // The HTML transcript's URL is relative to the feed; with no item link, the episode's link is the
            // enclosure, which deep links reach with a media fragment.
            let second = try library.episode(try #require(report.items[1].episodeID))
            #expect(second.source.format == "html")
            #expect(second.source.path == base + "/ep2.html")
            #expect(second.episode.durationSeconds == 905)
            #expect(second.episode.url == base + "/audio/ep2.mp3")
            #expect(DeepLink.url(second.episode.url, seconds: 9) == base + "/audio/ep2.mp3#t=9")
            #expect(second.hosts == ["Ana Lima"])

            let items = try library.feedItems(report.feed.id)
            let trailer = try #require(items.first { $0.guid == "datahour-trailer" })
            #expect(trailer.status == .noTranscript && trailer.episodeID == nil)
            #expect(trailer.enclosureURL == base + "/audio/trailer.mp3")
            let hits = try library.searchBM25("cite speaker time element", limit: 3)
            #expect(hits.first?.episodeID == second.episode.id)
        }
    }

    @Test func syncingAnUnchangedFeedDownloadsNothingAndDuplicatesNothing() async throws {
        let server = try dataHour()
        try await server.run { base in
            let library = try Library()
            let service = FeedService(library: library)
            let added = try await service.add(base + "/feed.xml")
            let counts = try library.counts()
            server.resetLog()

            let again = try await service.sync(added.feed.id)
            #expect(again.feedUnchanged)
            #expect(server.count(status: 200) == 0)
            #expect(server.count(status: 304) == 1)
            #expect(try library.counts() == counts)

            // The feed changes (a new item), its transcripts do not: only the feed and the new item's transcript
            // are downloaded; the others answer 304.
            var feed = String(decoding: try FeedServer.fixture("feed.xml"), as: UTF8.self)
            feed = feed.replacingOccurrences(
                of: "  </channel>",
                with: """
                        <item><title>Bonus</title><guid>datahour-bonus</guid>
                          <podcast:transcript url="{{BASE}}/bonus.json" type="application/json"/></item>
                      </channel>
                    """)
            server.serve("/feed.xml", Array(feed.utf8), type: "application/rss+xml")
            server.serve(
                "/bonus.json",
                Array(
                    #"{"version":"1.0.0","segments":[{"speaker":"Ben","startTime":0,"endTime":4,"body":"A bonus."}]}"#
                        .utf8),
                type: "application/json")
            server.resetLog()
            let synced = try await service.sync(added.feed.id)
            #expect(synced.items.map(\.change) == [.unchanged, .unchanged, .noTranscript, .imported])
            #expect(server.count(status: 200) == 2)
            #expect(server.count(status: 200) { $0 == "/feed.xml" || $0 == "/bonus.json" } == 2)
            #expect(try library.episodes().count == 3)
            #expect(try library.feeds().count == 1)

            // Adding the same URL again is a sync, not a second subscription.
            _ = try await service.add(base + "/feed.xml")
            #expect(try library.feeds().count == 1)
            #expect(try library.episodes().count == 3)
        }
    }

    @Test func aChangedTranscriptReplacesItsEpisodeAndKeepsTheCreatorsChapters() async throws {
        let server = try dataHour()
        try await server.run { base in
            let library = try Library()
            let service = FeedService(library: library)
            let added = try await service.add(base + "/feed.xml")
            let oldID = try #require(added.items[0].episodeID)

            var vtt = String(decoding: try FeedServer.fixture("ep1.vtt"), as: UTF8.self)
            vtt = vtt.replacingOccurrences(of: "a WebVTT file", with: "a corrected WebVTT file")
            server.serve("/ep1.vtt", Array(vtt.utf8), type: "text/vtt")
            var feed = String(decoding: try FeedServer.fixture("feed.xml"), as: UTF8.self)
            feed = feed.replacingOccurrences(
                of: "<language>", with: "<lastBuildDate>Wed, 04 Nov 2026</lastBuildDate><language>")
            server.serve("/feed.xml", Array(feed.utf8), type: "application/rss+xml")

            let synced = try await service.sync(added.feed.id)
            #expect(synced.items.map(\.change) == [.replaced, .unchanged, .noTranscript])
            let newID = try #require(synced.items[0].episodeID)
            #expect(newID != oldID)
            #expect(throws: LibraryError.self) { try library.episode(oldID) }
            #expect(try library.episodes().count == 2)
            #expect(try library.episode(newID).transcript[1].text.contains("corrected"))
            #expect(
                try library.creatorChapters(episode: newID).map(\.title) == ["Welcome", "Transcript tags", "Chapters"])
            #expect(try library.searchBM25("corrected", limit: 5).map(\.episodeID) == [newID])
        }
    }

    @Test func anItemThatCannotBeHadIsRecordedAndTheOthersGoOn() async throws {
        let server = FeedServer()
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Faults</title>
            <item><title>Gone</title><guid>gone</guid><podcast:transcript url="{{BASE}}/gone.vtt" type="text/vtt"/></item>
            <item><title>Loop</title><guid>loop</guid><podcast:transcript url="{{BASE}}/loop" type="text/vtt"/></item>
            <item><title>Broken</title><guid>broken</guid><podcast:transcript url="{{BASE}}/broken.srt" type="application/srt"/></item>
            <item><title>Local</title><guid>local</guid><podcast:transcript url="file:///etc/passwd" type="text/plain"/></item>
            <item><title>Big</title><guid>big</guid><podcast:transcript url="{{BASE}}/big.txt" type="text/plain"/></item>
            <item><title>Moved</title><guid>moved</guid><podcast:transcript url="{{BASE}}/redirect/ep1.vtt" type="text/vtt"/></item>
            </channel></rss>
            """
        server.serve("/faults.xml", Array(feed.utf8), type: "application/rss+xml")
        server.serve(
            "/broken.srt",
            Array("1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:0x,000 --> 00:00:03,000\nBad.\n".utf8),
            type: "application/srt")
        server.serve("/big.txt", Array(repeating: UInt8(ascii: "a"), count: 5000), type: "text/plain")
        try server.serveFixture("ep1.vtt", type: "text/vtt")
        try await server.run { base in
            let library = try Library()
            let service = FeedService(library: library, limits: FeedLimits(transcriptBytes: 4096))
            let report = try await service.add(base + "/faults.xml")
            #expect(report.items.map(\.change) == [.failed, .failed, .failed, .failed, .failed, .imported])
            let errors = report.items.map { $0.error ?? "" }
            #expect(errors[0] == base + "/gone.vtt: HTTP 404 Not Found")
            #expect(errors[1] == base + "/loop: cannot fetch: a redirect loop")
            #expect(
                errors[2] == base
                    + "/broken.srt:6: timestamp: \"00:00:0x,000 --> 00:00:03,000\" is not a valid SRT time range")
            #expect(errors[3] == "file:///etc/passwd: file: URLs are not fetched; podbot fetches http and https only")
            #expect(errors[4] == base + "/big.txt: is 5000 bytes; the limit is 4096")
            #expect(errors.allSatisfy { !$0.contains("\n") })
            #expect(try library.episodes().count == 1)
            #expect(try library.feeds().first?.failed == 5)

            // The next sync tries the failed items again, even though the feed itself has not changed.
            server.serve("/gone.vtt", try FeedServer.fixture("ep1.vtt"), type: "text/vtt")
            let again = try await service.sync(report.feed.id)
            #expect(!again.feedUnchanged)
            // gone.vtt holds the same transcript as the moved item, so it is the same episode, not a copy.
            #expect(again.items[0].change == .imported && again.items[0].episodeID == report.items[5].episodeID)
            #expect(try library.episodes().count == 1)
        }
    }

    @Test func serverErrorsWrongContentAndSilenceAreItemFailures() async throws {
        let server = FeedServer()
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>More faults</title>
            <item><title>Broken server</title><guid>500</guid><podcast:transcript url="{{BASE}}/status/500" type="text/vtt"/></item>
            <item><title>Error page</title><guid>page</guid><podcast:transcript url="{{BASE}}/page.vtt" type="text/vtt"/></item>
            <item><title>Fine</title><guid>fine</guid><podcast:transcript url="{{BASE}}/ep1.vtt" type="text/vtt"/></item>
            </channel></rss>
            """
        server.serve("/faults.xml", Array(feed.utf8), type: "application/rss+xml")
        // A 200 with an HTML page where the feed promised WebVTT.
        server.serve("/page.vtt", Array("<html><body><p>Not found</p></body></html>".utf8), type: "text/html")
        try server.serveFixture("ep1.vtt", type: "text/vtt")
        try await server.run { base in
            let library = try Library()
            let report = try await FeedService(library: library).add(base + "/faults.xml")
            #expect(report.items.map(\.change) == [.failed, .failed, .imported])
            let errors = report.items.map { $0.error ?? "" }
            #expect(errors[0] == base + "/status/500: HTTP 500 Internal Server Error")
            #expect(errors[1].hasPrefix(base + "/page.vtt:1: "), "\(errors[1])")
            #expect(try library.episodes().count == 1)

            // A server that never answers: only this request has a short deadline, so a busy machine cannot make
            // the rest of the test time out.
            let silent = await #expect(throws: FeedError.self) {
                try await ResourceFetcher(timeout: .seconds(1)).fetch(.web(base + "/hang"), maxBytes: 1 << 20)
            }
            server.releaseHung()
            #expect(silent?.description == base + "/hang: cannot fetch: timed out")
        }
    }

    @Test func aFeedWithNoItemsIsSubscribedWithNothingToImport() async throws {
        let server = FeedServer()
        server.serve(
            "/empty.xml", Array("<rss version=\"2.0\"><channel><title>Soon</title></channel></rss>".utf8),
            type: "application/rss+xml")
        try await server.run { base in
            let library = try Library()
            let report = try await FeedService(library: library).add(base + "/empty.xml")
            #expect(report.items.isEmpty)
            #expect(report.feed.title == "Soon" && report.feed.items == 0)
            #expect(try library.feeds().count == 1)
        }
    }

    @Test func aFeedThatCannotBeReadIsRefusedAndNothingIsStored() async throws {
        let server = FeedServer()
        server.serve("/page.html", Array("<html><body><p>Hello</p></body></html>".utf8), type: "text/html")
        server.serve(
            "/broken.xml", Array("<rss><channel>\n<title>x</title>\n<item></channel></rss>".utf8), type: "text/xml")
        server.serve(
            "/atom.xml", Array(#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>"#.utf8),
            type: "text/xml")
        try await server.run { base in
            let library = try Library()
            let service = FeedService(library: library)
            let cases: [(String, String)] = [
                ("/page.html", base + "/page.html: not an RSS feed: it has no <rss><channel>"),
                ("/atom.xml", base + "/atom.xml: an Atom feed; podbot reads RSS 2.0 podcast feeds"),
                ("/missing.xml", base + "/missing.xml: HTTP 404 Not Found"),
            ]
            for (path, message) in cases {
                let error = await #expect(throws: FeedError.self) { try await service.add(base + path) }
                #expect(error?.description == message)
            }
            let broken = await #expect(throws: FeedError.self) { try await service.add(base + "/broken.xml") }
            #expect(broken?.line == 3)
            #expect(broken?.description.hasPrefix(base + "/broken.xml:3: not well-formed XML") == true)
            #expect(try library.feeds().isEmpty)
            #expect(try library.counts()["episode"] == 0)
        }
    }

    @Test func removingAFeedKeepsItsEpisodesUnlessAsked() async throws {
        let server = try dataHour()
        try await server.run { base in
            let library = try Library()
            let service = FeedService(library: library)
            _ = try await service.add(base + "/feed.xml")
            let kept = try service.remove("Data Hour", deleteEpisodes: false)
            #expect(kept.deleted == 0)
            #expect(try library.feeds().isEmpty)
            #expect(try library.episodes().count == 2)

            // Subscribing again finds the same transcripts: no copies. They were kept as the library's own, so
            // removing this subscription with its episodes leaves them.
            let again = try await service.add(base + "/feed.xml")
            #expect(try library.episodes().count == 2)
            let removed = try service.remove(String(again.feed.id), deleteEpisodes: true)
            #expect(removed.deleted == 0)
            #expect(try library.episodes().count == 2)

            // A subscription's own episodes go with it when asked.
            let other = try Library()
            let fresh = FeedService(library: other)
            let subscribed = try await fresh.add(base + "/feed.xml")
            #expect(try fresh.remove(String(subscribed.feed.id), deleteEpisodes: true).deleted == 2)
            #expect(try other.episodes().isEmpty)
            #expect(try other.counts()["passage"] == 0)
        }
    }

    @Test func aTranscriptTheLibraryHeldBeforeIsNeverReplacedOrDeletedByAFeed() async throws {
        let server = try dataHour()
        let scratch = ScratchFolder()
        try await server.run { base in
            let library = try Library()
            // The user imported the same WebVTT file before subscribing.
            let path = try scratch.write("ep1.vtt", try FeedServer.fixture("ep1.vtt"))
            let own = try #require(try library.importFile(ImportRequest(path: path)).episodeIDs.first)
            let service = FeedService(library: library)
            let added = try await service.add(base + "/feed.xml")
            #expect(added.items[0].episodeID == own)

            // The feed's copy changes: the feed gets a new episode, the user's stays.
            var vtt = String(decoding: try FeedServer.fixture("ep1.vtt"), as: UTF8.self)
            vtt = vtt.replacingOccurrences(of: "a WebVTT file", with: "a corrected WebVTT file")
            server.serve("/ep1.vtt", Array(vtt.utf8), type: "text/vtt")
            let feed = String(decoding: try FeedServer.fixture("feed.xml"), as: UTF8.self)
            server.serve(
                "/feed.xml", Array(feed.replacingOccurrences(of: "<language>", with: "<ttl>60</ttl><language>").utf8),
                type: "application/rss+xml")
            let synced = try await service.sync(added.feed.id)
            #expect(synced.items[0].change == .replaced)
            #expect(synced.items[0].episodeID != own)
            #expect(try library.hasEpisode(own))

            // Unsubscribing with its episodes deletes what the feed stored, never the user's import.
            let removed = try service.remove(String(added.feed.id), deleteEpisodes: true)
            #expect(removed.deleted == 2)
            #expect(try library.episodes().map(\.id) == [own])
        }
    }

    @Test func aFeedFileOnDiskMayNameTranscriptFilesBesideIt() async throws {
        let folder = ScratchFolder()
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>On disk</title>
            <item><title>One</title><guid>one</guid><podcast:transcript url="transcripts/ep1.vtt" type="text/vtt"/></item>
            </channel></rss>
            """
        try FileManager.default.createDirectory(atPath: folder.path("transcripts"), withIntermediateDirectories: true)
        try Data(feed.utf8).write(to: URL(fileURLWithPath: folder.path("feed.xml")))
        try Data(try FeedServer.fixture("ep1.vtt")).write(to: URL(fileURLWithPath: folder.path("transcripts/ep1.vtt")))
        let library = try Library()
        let report = try await FeedService(library: library).add(folder.path("feed.xml"))
        #expect(report.items.map(\.change) == [.imported])
        #expect(try library.episode(try #require(report.items[0].episodeID)).transcript.count == 3)
    }
}
