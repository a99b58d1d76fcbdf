import Foundation
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

/// Summaries, chapters and questions of the Whisper episode with the real SmolLM2 and MiniLM. The summary and the
/// questions are two tests, each with its library and engine (an engine decodes one request at a time), so that they
/// run side by side: together they were the longest test of the suite.
@Suite("Enrichment jobs")
struct EnrichmentJobTests {
    static let settings: EnrichmentSettings = {
        var settings = EnrichmentSettings(chunking: ChunkingParameters(tokens: 1500), contextTokens: 2048)
        settings.mapMaxTokens = 160
        settings.reduceMaxTokens = 360
        return settings
    }()

    /// An interrupted run, its resumption, and a rerun that changes nothing.
    @Test func summarizeInterruptResumeAndRerun() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let engine = try EnrichmentFixture.engine.get()
        let duration = try #require(try library.episode(id).episode.durationSeconds)
        // 1. Interrupted: cancel (as Ctrl-C would) once the run's own progress says three chunks are stored
        //    (each step is reported after its output is stored): never on a clock.
        let (reports, reporter) = AsyncStream.makeStream(of: EnrichmentProgress.self)
        let interrupted = Summarizer(
            library: library, generator: engine, settings: Self.settings, progress: { reporter.yield($0) })
        let first = Task {
            defer { reporter.finish() }
            return try await interrupted.summarize(episode: id)
        }
        var stored = 0
        for await report in reports where report.task == "summary.map" && !report.reused {
            stored += 1
            if stored == 3 { break }
        }
        try #require(stored == 3, "the summary ended before it could be interrupted")
        first.cancel()
        let summarizer = Summarizer(library: library, generator: engine, settings: Self.settings)
        await #expect(throws: CancellationError.self) { _ = try await first.value }
        let kept = try library.chunkOutputCount(episode: id)
        #expect(kept >= 3)
        #expect(try library.episode(id).summary == nil, "no summary from an interrupted run")

        // 2. Resumed: the stored chunks are not redone.
        let resumed = try await summarizer.summarize(episode: id)
        #expect(resumed.reusedSteps == kept)
        let storedAfter = try library.chunkOutputCount(episode: id)
        #expect(resumed.generatedSteps == storedAfter - kept)
        #expect(resumed.chunks >= 10)
        // Grounded partial summaries are short and now fit one reduce call; SummaryGroundingTests forces collapses.
        let detail = try library.episode(id)
        let summary = try #require(detail.summary)
        #expect(detail.summaryOrigin == .generated)
        let paragraphs = summary.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(paragraphs.count >= 2)
        #expect(paragraphs.allSatisfy { $0.split(separator: " ").count >= 5 })
        #expect(DegenerationCheck.problem(in: summary) == nil)
        // Grounded: the summary is exactly its stored sentences, each with a chunk and that chunk's times.
        let sentences = try #require(detail.summarySentences)
        #expect(sentences.map(\.text).joined(separator: " ") == summary.replacingOccurrences(of: "\n\n", with: " "))
        #expect(sentences.allSatisfy { (0..<resumed.chunks).contains($0.chunk) && $0.support >= 0.6 })
        #expect(sentences.allSatisfy { ($0.startSeconds ?? -1) >= 0 && ($0.endSeconds ?? -1) <= duration + 1 })
        // Chapters: one per topic section whose title passed the check (2-7 words), each starting at a transcript
        // cue, in order, inside the episode.
        #expect((5...15).contains(resumed.sections), "\(resumed.sections) sections")
        #expect(detail.chapters.count == resumed.sections - resumed.titlesDropped)
        #expect(!detail.chapters.isEmpty)
        #expect(detail.chapters.allSatisfy { (2...7).contains($0.title.split(separator: " ").count) })
        let starts = detail.chapters.compactMap(\.startSeconds)
        #expect(starts.count == detail.chapters.count)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(starts.allSatisfy { $0 >= 0 && $0 <= duration })
        let transcriptStarts = Set(detail.transcript.compactMap(\.startSeconds))
        #expect(starts.allSatisfy { transcriptStarts.contains($0) }, "chapters start exactly at a cue")

        // 3. Rerun: nothing is generated, nothing changes.
        let rerun = try await summarizer.summarize(episode: id)
        #expect(rerun.generatedSteps == 0)
        #expect(rerun.reusedSteps == resumed.reusedSteps + resumed.generatedSteps)
        #expect(!rerun.summaryChanged && !rerun.chaptersChanged)
        #expect(try library.episode(id).summary == summary)
    }

    /// Questions: grammar-constrained, at most 3 per chunk, linked, deduplicated; a rerun changes nothing.
    @Test func questionsAreLinkedDeduplicatedAndStable() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let engine = try EnrichmentFixture.secondEngine.get()
        let generator = QuestionGenerator(
            library: library, generator: engine, embedder: try EnrichmentFixture.embedder.get(), settings: Self.settings
        )
        let report = try await generator.generate(episode: id)
        #expect(report.generatedSteps == report.chunks)
        let questions = try library.episode(id).questions.filter { $0.origin == .generated }
        #expect(!questions.isEmpty)
        #expect(questions.count <= 3 * report.chunks)
        #expect(questions.count <= report.candidates - report.unanswerable)
        // Every kept question, asked back, brings up its own chunk.
        let (_, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: engine, settings: Self.settings, purpose: "check")
        let linked = questions.map { GeneratedQuestion(text: $0.text, chunk: $0.chunk ?? -1) }
        #expect(try await generator.answerable(linked, episode: id, chunks: chunks) == linked)
        #expect(questions.allSatisfy { $0.text.hasSuffix("?") && !$0.text.contains("\n") })
        let perChunk = Dictionary(grouping: questions, by: { $0.chunk ?? -1 })
        #expect(perChunk.keys.allSatisfy { (0..<report.chunks).contains($0) })
        #expect(perChunk.values.allSatisfy { $0.count <= 3 })
        let embedder = try EnrichmentFixture.embedder.get()
        let vectors = try await embedder.embed(questions.map(\.text))
        for i in vectors.indices {
            for j in vectors.indices where j > i {
                #expect(VectorMath.cosine(vectors[i], vectors[j]) < Self.settings.duplicateSimilarity)
            }
        }
        let again = try await generator.generate(episode: id)
        #expect(again.generatedSteps == 0 && !again.changed)
    }
}
