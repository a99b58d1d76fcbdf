import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

/// `kill -9` in the middle of a big import leaves a consistent library, and a rerun completes it.
@Suite("Interrupted import")
struct InterruptedImportTests {
    @Test func killNineMidImportLeavesTheLibraryConsistent() async throws {
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        // 120 distinct Whisper files (about 17 MB): long enough to be interrupted part-way.
        let whisper = try Corpus.text(Corpus.whisper)
        let files = try await onOwnThread {
            try (0..<120).map { index in
                try scratch.write(
                    "episode-\(index).txt", whisper + "[01:25:00.000 --> 01:25:01.000]   Episode \(index).\n")
            }
        }
        let podbot = CommandRunner(library: library)
        // Wait until the import reports its third stored file (it prints a line per file after its transaction),
        // then kill without warning. Its own report, not a poll of the database: a poll opens the library while the
        // import is creating it (ConcurrentOpenTests covers that case) and depends on the machine's load.
        let progress = Pipe()
        let child = try podbot.start(["import"] + files, stderr: progress)
        let output = try await progress.fileHandleForReading.text(until: {
            $0.split(separator: "\n").filter { $0.hasPrefix("imported ") }.count >= 3
        })
        try #require(child.isRunning, "the import finished before it could be interrupted: \(output.suffix(300))")
        kill(child.processIdentifier, SIGKILL)
        await child.exited()
        #expect(child.terminationReason == .uncaughtSignal)

        let after = try Library(path: library)
        #expect(try after.integrityCheck() == ["ok"])
        let counts = try after.counts()
        let episodes = try after.episodes()
        #expect(episodes.count < files.count)
        #expect(counts["import_source"] == episodes.count)
        #expect(counts["passage_fts"] == counts["passage"])
        // Every stored episode is whole: all its segments are there.
        #expect(episodes.allSatisfy { $0.segments == 1940 })
        #expect(counts["segment"] == episodes.count * 1940)

        let rerun = try await podbot.run(["import"] + files)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try after.episodes().count == files.count)
        #expect(rerun.stderrLines.filter { $0.hasPrefix("unchanged") }.count == episodes.count)
    }
}
