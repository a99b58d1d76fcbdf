import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

/// The built binary: `podbot summarize` killed with SIGKILL mid-run keeps its finished chunks; a rerun does only the
/// rest; a third run changes nothing.
@Suite("Summarize CLI")
struct SummarizeCLITests {
    @Test func killedSummarizeResumesWithoutRedoingStoredChunks() async throws {
        let scratch = ScratchFolder()
        let library = scratch.path("library.sqlite")
        let podbot = CommandRunner(library: library)
        let imported = try await podbot.run(["import", Corpus.path(Corpus.whisper)])
        try #require(imported.status == 0, "\(imported.stderr)")
        let arguments = [
            "summarize", "1", "--model", EnrichmentFixture.smolLM, "--context-size", "2048", "--threads", "2",
            "--chunk-tokens", "1500", "--no-chapters",
        ]
        let errors = scratch.path("progress.txt")
        FileManager.default.createFile(atPath: errors, contents: nil)
        let child = try podbot.start(
            arguments + ["--progress", "json"], stderr: try FileHandle(forWritingTo: URL(fileURLWithPath: errors)))
        let deadline = Date().addingTimeInterval(300)
        var stored = 0
        while stored < 2, Date() < deadline, child.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            stored = (try? Library(path: library, access: .readWhereverPossible).chunkOutputCount(episode: 1)) ?? 0
        }
        let early = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try #require(child.isRunning, "summarize ended before it could be killed: \(early)")
        kill(child.processIdentifier, SIGKILL)
        await child.exited()
        #expect(child.terminationReason == .uncaughtSignal)
        let kept = try Library(path: library).chunkOutputCount(episode: 1)
        #expect(kept >= 2)
        // Off a terminal, progress is one JSON object per line.
        let lines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })

        let rerun = try await podbot.json(arguments + ["--json"]) as? [[String: Any]]
        let report = try #require(rerun?.first)
        #expect(report["reused_steps"] as? Int == kept)
        let total = try Library(path: library).chunkOutputCount(episode: 1)
        #expect(report["generated_steps"] as? Int == total - kept)
        #expect((report["paragraphs"] as? Int ?? 0) >= 2)

        let third = try await podbot.json(arguments + ["--json"]) as? [[String: Any]]
        #expect(third?.first?["generated_steps"] as? Int == 0)
        #expect(third?.first?["summary_changed"] as? Bool == false)
        let shown = try await podbot.json(["show", "1", "--json"]) as? [String: Any]
        #expect((shown?["summary"] as? String)?.contains("\n\n") == true)
    }
}
