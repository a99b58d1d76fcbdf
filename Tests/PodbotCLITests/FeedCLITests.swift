import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

/// `podbot feed` and `podbot export` as a user runs them, on a feed file with transcripts beside it.
@Suite("feeds and exports (binary)")
struct FeedCLITests {
    private func showOnDisk(_ scratch: ScratchFolder) throws -> String {
        let vtt = """
            WEBVTT

            00:00:00.000 --> 00:00:05.000
            <v Ana Lima>Welcome to the show about local podcast libraries.

            00:00:05.000 --> 00:00:09.500
            <v Ben Okafor>Thanks. Let's talk about feeds.
            """
        let chapters =
            #"{"version":"1.2.0","chapters":[{"startTime":0,"title":"Hello"},{"startTime":5,"title":"Feeds"}]}"#
        let feed = """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Disk Show</title>
            <item><title>Episode one</title><guid>one</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
              <enclosure url="https://disk.example/one.mp3" type="audio/mpeg"/>
              <podcast:transcript url="one.vtt" type="text/vtt"/><podcast:chapters url="one.json" type="application/json+chapters"/></item>
            <item><title>Episode two</title><guid>two</guid><enclosure url="https://disk.example/two.mp3" type="audio/mpeg"/></item>
            </channel></rss>
            """
        _ = try scratch.write("one.vtt", vtt)
        _ = try scratch.write("one.json", chapters)
        return try scratch.write("feed.xml", feed)
    }

    @Test func addSyncListShowAndExport() async throws {
        let scratch = ScratchFolder()
        let runner = CommandRunner(library: scratch.path("library.sqlite"))
        let feed = try showOnDisk(scratch)

        let added = try #require(try await runner.json(["feed", "add", feed, "--json"]) as? [String: Any])
        let items = try #require(added["items"] as? [[String: Any]])
        #expect(items.map { $0["change"] as? String } == ["imported", "no-transcript"])
        let episode = try #require(items[0]["episode_id"] as? Int)

        let synced = try await runner.run(["feed", "sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("Disk Show (feed 1): 2 items: 1 unchanged, 1 without a transcript."))

        let listed = try await runner.run(["feed", "list", "--items"])
        #expect(listed.stdout.contains("1 of 2 items imported · 1 without a transcript"), "\(listed.stdout)")
        #expect(listed.stdout.contains("Episode two  (no transcript published)"), "\(listed.stdout)")

        let shown = try await runner.run(["show", "\(episode)"])
        #expect(
            shown.stdout.contains("Chapters (the creator's):\n  0:00     Hello\n  0:05     Feeds"), "\(shown.stdout)")

        let vtt = try await runner.run(["export", "\(episode)", "--format", "vtt"])
        #expect(vtt.stdout.hasPrefix("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Ana Lima>Welcome"))
        let md = try await runner.run(["export", "\(episode)", "--format", "md"])
        #expect(md.stdout.hasPrefix("---\ntitle: \"Episode one\"\nshow: \"Disk Show\"\ndate: 2026-11-02\n"))
        #expect(md.stdout.contains("- [0:05](https://disk.example/one.mp3#t=5) Feeds"), "\(md.stdout)")

        let folder = scratch.path("vault")
        let all = try await runner.run(["export", "--all", "--format", "md", "-o", folder])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["\(episode)-episode-one.md"])

        let removed = try await runner.run(["feed", "remove", "Disk Show"])
        #expect(removed.stdout.contains("Removed feed 1: Disk Show; its episodes stay in the library."))
        #expect(try await runner.run(["show", "\(episode)"]).status == 0)
    }

    @Test func killNineMidSyncLosesNothingAndTheNextSyncCompletes() async throws {
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        // 60 items, each a distinct Whisper transcript (about 9 MB in all): long enough to be interrupted part-way.
        let whisper = try Corpus.text(Corpus.whisper)
        try FileManager.default.createDirectory(atPath: scratch.path("t"), withIntermediateDirectories: true)
        let items = try await onOwnThread {
            try (0..<60).map { index in
                _ = try scratch.write(
                    "t/\(index).txt", whisper + "[01:25:00.000 --> 01:25:01.000]   Episode \(index).\n")
                return """
                    <item><title>Episode \(index)</title><guid>e\(index)</guid>
                    <podcast:transcript url="t/\(index).txt" type="text/plain"/></item>
                    """
            }
        }
        let feed = try scratch.write(
            "feed.xml",
            """
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Long Show</title>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """)
        let podbot = CommandRunner(library: library)
        // Killed after its third stored item, as it reports them: never on a clock.
        let progress = Pipe()
        let child = try podbot.start(["feed", "add", feed], stderr: progress)
        let output = try await progress.fileHandleForReading.text(until: {
            $0.split(separator: "\n").filter { $0.hasPrefix("  imported: ") }.count >= 3
        })
        try #require(child.isRunning, "the sync finished before it could be interrupted: \(output.suffix(300))")
        kill(child.processIdentifier, SIGKILL)
        await child.exited()

        let after = try Library(path: library)
        #expect(try after.integrityCheck() == ["ok"])
        let stored = try after.episodes()
        #expect(stored.count >= 3 && stored.count < 60)
        #expect(stored.allSatisfy { $0.segments == 1940 })

        let rerun = try await podbot.run(["feed", "sync", "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try after.episodes().count == 60)
        #expect(try after.feeds().map(\.episodes) == [60])
        #expect(try after.counts()["import_source"] == 60)
    }

    @Test func aBadFeedIsOneLineExitOneAndStoresNothing() async throws {
        let scratch = ScratchFolder()
        let runner = CommandRunner(library: scratch.path("library.sqlite"))
        let path = try scratch.write("feed.xml", "<rss><channel>\n<item>\n</channel></rss>")
        let result = try await runner.run(["feed", "add", path])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("podbot: \(path):3: not well-formed XML"), "\(result.stderr)")
        #expect((try await runner.json(["feed", "list", "--json"]) as? [Any])?.isEmpty == true)

        let missing = try await runner.run(["export", "--format", "vtt"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("name the episode to export as vtt, or pass --all -o FOLDER"))
    }
}
