import Foundation
import GRDB
import PodbotLibrary
import PodbotTestSupport
import Testing

/// `podbot import` of audio, run as the built binary: JSON-lines progress off a terminal, and a `kill -9` in the
/// middle of a transcription that the next run resumes.
@Suite(.serialized) struct ImportAudioCLITests {
    /// How many windows the library holds, and where the last one ends.
    private func storedWindows(_ library: String) throws -> (count: Int, endMs: Int) {
        guard FileManager.default.fileExists(atPath: library) else { return (0, 0) }
        let queue = try DatabaseQueue(path: library)
        return try queue.read { db in
            guard try db.tableExists("transcription_window") else { return (0, 0) }
            let row = try Row.fetchOne(db, sql: "SELECT count(*), max(end_ms) FROM transcription_window")
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    @Test func killedTranscriptionResumesAfterItsStoredWindows() async throws {
        let files = try await SpeechFixture.ready()
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        let runner = CommandRunner(library: library)
        let arguments = [
            "import", "--asr-window", "10", "--threads", String(engineThreads), "--progress", "json", files.wav16k,
        ]

        let first = try runner.start(arguments)
        // Wait on the work's own report: the first window stored in the library. A look while the import is still
        // creating the library's schema finds it locked: that is "not yet", not a failure.
        try await waitUntil("the import stored a window or ended", every: .milliseconds(100), hangAfter: nil) {
            ((try? storedWindows(library))?.count ?? 0) > 0 || !first.isRunning
        }
        guard ((try? storedWindows(library))?.count ?? 0) > 0 else {
            Issue.record("the import ended before storing a window")
            return
        }
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        let stored = try storedWindows(library)
        #expect(stored.count >= 1)
        #expect(try Library(path: library).episodes().isEmpty)

        let second = try await runner.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        let progress = second.stderrLines.compactMap { line -> [String: Any]? in
            guard line.hasPrefix("{") else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let firstDone = try #require(progress.first?["done_seconds"] as? Double)
        #expect(
            firstDone >= Double(stored.endMs) / 1000,
            "the second run started at \(firstDone) s, before the stored windows' end at \(stored.endMs) ms")
        #expect(progress.allSatisfy { $0["event"] as? String == "transcription" })
        #expect(second.stderrLines.contains { $0.hasPrefix("imported \(files.wav16k) (audio): episodes #1") })
        let episodes = try Library(path: library).episodes()
        #expect(episodes.count == 1)
        let detail = try Library(path: library).episode(try #require(episodes.first?.id))
        let words = detail.transcript.map(\.text).joined(separator: " ")
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: words) <= 0.10, "\(words)")
        #expect(try storedWindows(library).count == 0)
    }

    @Test func aBadAudioFileInABatchIsNamedAndTheRestImported() async throws {
        let files = try await SpeechFixture.ready()
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        let empty = try SpeechFixture.write([], named: "empty.wav")
        let result = try await CommandRunner(library: library).run(["import", "--json", empty, files.wav16k])
        #expect(result.status == 1)
        #expect(result.stderrLines.contains("podbot: \(empty): the file is empty"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(report.map { $0["status"] as? String } == ["failed", "imported"])
        #expect(report.last?["format"] as? String == "audio")
    }
}
