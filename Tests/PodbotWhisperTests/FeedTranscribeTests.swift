import Foundation
import PodbotFeeds
import PodbotLibrary
import PodbotTestSupport
import PodbotWhisper
import Testing

/// `podbot feed sync --transcribe`: an item that publishes only audio is downloaded (resumably) and transcribed
/// with the real tiny.en engine, and becomes the item's episode.
@Suite(.serialized) struct FeedTranscribeTests {
    @Test func itemsWithOnlyAudioAreDownloadedResumablyAndTranscribed() async throws {
        let files = try await SpeechFixture.ready()
        let wav = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.wav16k)))
        let server = FeedServer()
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Spoken</title>
            <item><title>Read aloud</title><guid>spoken-1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
              <enclosure url="{{BASE}}/audio/one.wav" type="audio/wav"/></item>
            <item><title>Missing audio</title><guid>spoken-2</guid>
              <enclosure url="{{BASE}}/audio/gone.mp3" type="audio/mpeg"/></item>
            </channel></rss>
            """
        server.serve("/feed.xml", Array(feed.utf8), type: "application/rss+xml")
        server.serve("/audio/one.wav", wav, type: "audio/wav")
        let scratch = ScratchFolder()
        let audioFolder = scratch.path("audio")
        try await server.run { base in
            let library = try Library(path: scratch.path("library.sqlite"))
            let service = FeedService(library: library)
            let added = try await service.add(base + "/feed.xml")
            #expect(added.items.map(\.change) == [.noTranscript, .noTranscript])

            // A download interrupted half way: its bytes so far are where the next run looks for them.
            let folder = URL(fileURLWithPath: audioFolder).appendingPathComponent("feed-\(added.feed.id)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = SHA256.hex(Array("spoken-1".utf8)).prefix(24) + ".wav"
            try Data(wav.prefix(wav.count / 2)).write(to: folder.appendingPathComponent(String(name) + ".partial"))

            let transcriber = try WhisperTranscriber(
                modelPath: SpeechFixture.tinyModel, settings: WhisperSettings(threads: engineThreads))
            let results = try await service.transcribeMissing(
                added.feed.id, transcriber: transcriber, audioFolder: audioFolder)
            #expect(results.map(\.change) == [.imported, .failed])
            #expect(results[1].error == base + "/audio/gone.mp3: HTTP 404 Not Found")
            // Only the missing half was asked for.
            #expect(server.count(status: 206) == 1)
            #expect(server.count(status: 200) { $0 == "/audio/one.wav" } == 0)

            let episode = try library.episode(try #require(results[0].episodeID))
            #expect(episode.episode.title == "Read aloud")
            #expect(episode.episode.show == "Spoken")
            #expect(episode.episode.published == "2026-11-02")
            #expect(episode.episode.hasTimestamps)
            let words = episode.transcript.map(\.text).joined(separator: " ")
            #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: words) <= 0.10)
            let items = try library.feedItems(added.feed.id)
            #expect(items.first { $0.guid == "spoken-1" }?.status == .imported)
            #expect(items.first { $0.guid == "spoken-2" }?.error?.contains("404") == true)

            // The next sync and transcription change nothing and duplicate nothing.
            let again = try await service.sync(added.feed.id)
            #expect(again.feedUnchanged)
            let second = try await service.transcribeMissing(
                added.feed.id, transcriber: transcriber, audioFolder: audioFolder)
            #expect(second.map(\.guid) == ["spoken-2"])
            #expect(try library.episodes().count == 1)
            // The downloaded audio is gone once transcribed; its episode stays.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }
}
