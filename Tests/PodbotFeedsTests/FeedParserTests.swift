import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotFeeds

@Suite struct FeedParserTests {
    @Test func readsChannelItemsAndThePodcastingTwoPointOhTags() throws {
        let document = try FeedParser.parse(try FeedServer.fixture("feed.xml"), source: "feed.xml")
        #expect(document.channel.title == "Data Hour")
        #expect(document.channel.link == "https://datahour.example/")
        #expect(document.channel.persons.map(\.name) == ["Ana Lima"])
        #expect(document.items.map(\.guid) == ["datahour-1", "datahour-2", "datahour-trailer"])
        let first = document.items[0]
        #expect(first.title == "Feeds & transcripts")
        #expect(first.published == "2026-11-03")
        #expect(first.durationSeconds == 3723)
        #expect(first.description == "<p>Ben explains <b>Podcasting 2.0</b>.</p>")
        #expect(first.enclosure?.type == "audio/mpeg" && first.enclosure?.length == 1234)
        #expect(first.transcripts.count == 2)
        #expect(first.bestTranscript?.type == "text/vtt" && first.bestTranscript?.rel == "captions")
        #expect(first.chapters?.url == "{{BASE}}/ep1-chapters.json")
        #expect(first.persons == [FeedPerson(name: "Ben Okafor", role: "guest")])
        #expect(document.items[2].durationSeconds == 90)
        #expect(document.items[2].transcripts.isEmpty && document.items[2].bestTranscript == nil)
    }

    @Test func ranksTranscriptTypesAndIgnoresUnknownOnes() throws {
        let xml = """
            <rss xmlns:podcast="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md">
            <channel><item><guid>a</guid>
            <podcast:transcript url="a.txt" type="text/plain"/>
            <podcast:transcript url="a.pdf" type="application/pdf"/>
            <podcast:transcript url="a.html" type="text/html; charset=utf-8"/>
            <podcast:transcript url="a.srt" type="application/srt"/>
            <podcast:transcript url="a.json" type="application/json"/>
            </item>
            <item><enclosure url="https://x.example/b.mp3" type="audio/mpeg"/></item>
            <item><title>Only a title</title></item>
            <item><title>A title</title><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><link>https://x.example/c</link></item>
            <item><description>nothing to name it by</description></item>
            </channel></rss>
            """
        let document = try FeedParser.parse(Array(xml.utf8), source: "t.xml")
        #expect(document.items[0].bestTranscript?.url == "a.json")
        var item = document.items[0]
        item.transcripts.removeAll { $0.url == "a.json" }
        #expect(item.bestTranscript?.url == "a.srt")
        item.transcripts.removeAll { $0.url == "a.srt" }
        #expect(item.bestTranscript?.url == "a.html")
        item.transcripts.removeAll { $0.url == "a.html" }
        #expect(item.bestTranscript?.url == "a.txt")
        // Items without a guid are known by their enclosure, then their title and date; one with neither is skipped.
        #expect(
            document.items.map(\.guid) == ["a", "https://x.example/b.mp3", "Only a title", "A title 2026-11-02"])
    }

    @Test(arguments: [
        ("Tue, 03 Nov 2026 08:00:00 -0500", "2026-11-03"), ("3 Nov 2026 23:59 GMT", "2026-11-03"),
        ("Sat, 1 June 2024 00:00:00 +0000", "2024-06-01"), ("2025-02-28T10:00:00Z", "2025-02-28"),
        ("yesterday", nil), ("Tue, 33 Nov 2026", nil),
    ])
    func publicationDates(_ written: String, _ expected: String?) {
        #expect(FeedParser.date(written) == expected)
    }

    @Test(
        arguments: [
            ("3723", 3723.0), ("1:02:03", 3723.0), ("05:30", 330.0), ("61.5", 61.5), ("", nil), ("1:x", nil),
            ("-5", nil),
        ] as [(String, Double?)])
    func durations(_ written: String, _ expected: Double?) {
        #expect(FeedParser.duration(written) == expected)
    }

    @Test func chaptersAreSortedUntitledOnesLeftOutAndBadFieldsNamed() throws {
        let chapters = try ChaptersParser.parse(try FeedServer.fixture("ep1-chapters.json"), source: "c.json")
        #expect(chapters.map(\.startSeconds) == [0, 6, 65])
        #expect(chapters.map(\.toc) == [true, true, true])
        let bad = #"{"version":"1.2.0","chapters":[{"startTime":0,"title":"a"},{"startTime":"soon","title":"b"}]}"#
        let error = #expect(throws: FeedError.self) { try ChaptersParser.parse(Array(bad.utf8), source: "c.json") }
        #expect(error?.description == "c.json: chapters[1].startTime: soon is not a time in seconds")
        let missing = #expect(throws: FeedError.self) { try ChaptersParser.parse(Array("{}".utf8), source: "c.json") }
        #expect(missing?.description == "c.json: chapters: missing: not a JSON chapters document")
    }

    @Test func remoteFeedsMayNotNameLocalFiles() throws {
        let web = ResourceLocation.web("https://x.example/show/feed.xml")
        #expect(try ResourceLocation.resolve("ep1.vtt", against: web) == .web("https://x.example/show/ep1.vtt"))
        #expect(try ResourceLocation.resolve("/t/ep1.vtt", against: web) == .web("https://x.example/t/ep1.vtt"))
        #expect(throws: FeedError.self) { try ResourceLocation.resolve("file:///etc/passwd", against: web) }
        #expect(throws: FeedError.self) { try ResourceLocation.resolve("ftp://x.example/a", against: web) }
        let disk = ResourceLocation.file("/srv/show/feed.xml")
        #expect(try ResourceLocation.resolve("t/ep1.vtt", against: disk) == .file("/srv/show/t/ep1.vtt"))
        #expect(
            try ResourceLocation.resolve("https://x.example/a.vtt", against: disk) == .web("https://x.example/a.vtt"))
    }
}
