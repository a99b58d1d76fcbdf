import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

/// The built binary: `podbot summarize` killed with SIGKILL mid-run keeps its finished chunks; a rerun does only the
/// rest; a third run changes nothing. On the first 600 lines (about a third) of the Whisper episode: enough chunks to
/// be killed between two, and a third of the work, which was a quarter of the suite's (the whole episode is
/// summarized in EnrichmentJobTests).
@Suite("Summarize CLI")
struct SummarizeCLITests {
    @Test func killedSummarizeResumesWithoutRedoingStoredChunks() async throws {
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        let podbot = CommandRunner(library: library)
        let whisperLines = try Corpus.text(Corpus.whisper).split(separator: "\n", omittingEmptySubsequences: false)
        let excerpt = scratch.path(Corpus.whisper)
        try (whisperLines.prefix(600).joined(separator: "\n") + "\n").write(
            toFile: excerpt, atomically: true, encoding: .utf8)
        let imported = try await podbot.run(["import", excerpt])
        try #require(imported.status == 0, "\(imported.stderr)")
        let arguments = [
            "summarize", "1", "--model", EnrichmentFixture.smolLM, "--context-size", "2048",
            "--threads", String(engineThreads), "--chunk-tokens", "1500", "--no-chapters",
        ]
        // Killed once its own progress reports say two steps are stored: never on a clock.
        let progress = Pipe()
        let child = try podbot.start(arguments + ["--progress", "json"], stderr: progress)
        let early = try await progress.fileHandleForReading.text(until: { text in
            text.split(separator: "\n").filter { $0.contains("\"task\":\"summary.map\"") }.count >= 2
        })
        try #require(child.isRunning, "summarize ended before it could be killed: \(early)")
        kill(child.processIdentifier, SIGKILL)
        await child.exited()
        #expect(child.terminationReason == .uncaughtSignal)
        let kept = try Library(path: library).chunkOutputCount(episode: 1)
        #expect(kept >= 2)
        // Off a terminal, progress is one JSON object per line.
        let lines = early.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })

        let rerun = try await podbot.json(arguments + ["--json"]) as? [[String: Any]]
        let report = try #require(rerun?.first)
        #expect(report["reused_steps"] as? Int == kept)
        let total = try Library(path: library).chunkOutputCount(episode: 1)
        #expect(report["generated_steps"] as? Int == total - kept)
        #expect((report["chunks"] as? Int ?? 0) >= 4, "the excerpt is several chunks long")
        // Paragraph form is EnrichmentJobTests' (a few chunks of SmolLM2 may keep a single grounded sentence).
        let summary = try #require(report["summary"] as? String)
        #expect(!summary.isEmpty && (report["paragraphs"] as? Int ?? 0) >= 1)

        let third = try await podbot.json(arguments + ["--json"]) as? [[String: Any]]
        #expect(third?.first?["generated_steps"] as? Int == 0)
        #expect(third?.first?["summary_changed"] as? Bool == false)
        let shown = try await podbot.json(["show", "1", "--json"]) as? [String: Any]
        #expect(shown?["summary"] as? String == summary, "show prints the stored summary")
    }
}
