import Foundation
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

/// A model that answers each enrichment prompt from its own input: a sentence made of the input's first words
/// (supported by construction), then a planted sentence no transcript holds. A chapter title is first one the
/// transcript does not hold, then, asked again, three of the section's own words. Counts how often it was asked
/// with each system prompt.
private struct PlantingGenerator: TextGenerator {
    static let planted = "Elon Musk bought the show for 44 billion dollars in 1999."
    static let plantedTitle = "Volcanic Glaciers and Baroque Orchestras"
    var modelName: String { "planting" }
    /// Enrichment jobs hand it their steps three at a time (answered one after another).
    var parallelism: Int { 3 }
    let calls = Calls()

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var bySystem: [String: Int] = [:]
        func add(_ system: String) { lock.withLock { bySystem[system, default: 0] += 1 } }
        func count(_ system: String) -> Int { lock.withLock { bySystem[system] ?? 0 } }
    }

    func chat(_ messages: [ChatMessage], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let system = messages.first?.content ?? ""
        calls.add(system)
        let input = messages.last?.content ?? ""
        let reply: String
        if system == EnrichmentPrompts.chapterTitle.system {
            reply = Self.plantedTitle
        } else if system == EnrichmentPrompts.chapterTitleStrict.system {
            let words = input.split { !$0.isLetter }.filter { $0.count >= 6 }.prefix(3)
            reply = words.map { String($0).capitalized }.joined(separator: " ")
        } else {
            // The input's words after its lead line, letters only, as one sentence.
            let body = input.components(separatedBy: "\n\n").dropFirst().joined(separator: " ")
            let words = body.split(whereSeparator: \.isWhitespace)
                .map { $0.filter { $0.isLetter || $0 == "'" } }.filter { $0.count > 1 }.prefix(14)
            reply = words.joined(separator: " ") + ". " + Self.planted
        }
        return AsyncThrowingStream { continuation in
            continuation.yield(.token(reply))
            continuation.yield(
                .finished(
                    GenerationStats(
                        promptTokens: 10, generatedTokens: 10, promptMilliseconds: 1, generationMilliseconds: 1,
                        finishReason: .endOfGeneration)))
            continuation.finish()
        }
    }

    func complete(_ prompt: String, options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error> {
        chat([.user(prompt)], options: options)
    }

    func countTokens(_ text: String) async throws -> Int { text.split(whereSeparator: \.isWhitespace).count }
}

@Suite("Grounded summaries (scripted model)")
struct SummaryGroundingTests {
    @Test("a planted unsupported sentence is retried once, then dropped and counted; every kept one has its source")
    func plantedSentenceIsRejected() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let generator = PlantingGenerator()
        var settings = EnrichmentSettings(chunking: ChunkingParameters(tokens: 1500), contextTokens: 4096)
        settings.chapters = false
        let report = try await Summarizer(library: library, generator: generator, settings: settings)
            .summarize(episode: id)

        let detail = try library.episode(id)
        let summary = try #require(detail.summary)
        #expect(!summary.contains("Musk") && !summary.contains("1999"))
        let sentences = try #require(detail.summarySentences)
        #expect(sentences.count >= 2)
        #expect(sentences.map(\.text).joined(separator: " ") == summary.replacingOccurrences(of: "\n\n", with: " "))
        // Each map step and the reduce were made once more with the strict prompt, and the planted sentence of
        // every chosen attempt was counted.
        #expect(generator.calls.count(EnrichmentPrompts.summaryMapStrict.system) == report.chunks)
        #expect(generator.calls.count(EnrichmentPrompts.summaryReduceStrict.system) == 1)
        #expect(report.regenerated == report.chunks + 1)
        #expect(report.mapDropped == report.chunks && report.dropped == 1)

        // Every stored sentence passes the check against its own chunk, whose times it carries.
        let (_, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: generator, settings: settings, purpose: "check")
        let duration = try #require(detail.episode.durationSeconds)
        for sentence in sentences {
            let chunk = try #require(chunks.first { $0.index == sentence.chunk })
            #expect(
                Grounding.check(sentence.text, against: Grounding.Source(chunk.text, names: [detail.episode.title]))
                    .passes(SupportCheck.defaultThreshold))
            #expect(sentence.startSeconds == chunk.startSeconds && sentence.endSeconds == chunk.endSeconds)
            let start = try #require(sentence.startSeconds)
            #expect(start >= 0 && start <= duration)
        }

        // A rerun makes no model call and changes nothing.
        let before = generator.calls.count(EnrichmentPrompts.summaryMap.system)
        let rerun = try await Summarizer(library: library, generator: generator, settings: settings)
            .summarize(episode: id)
        #expect(rerun.generatedSteps == 0 && !rerun.summaryChanged)
        #expect(generator.calls.count(EnrichmentPrompts.summaryMap.system) == before)
    }

    @Test("partial summaries that overflow the reduce budget are collapsed, and the planted sentence still never lands")
    func collapsedPartialsStayGrounded() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        var settings = EnrichmentSettings(chunking: ChunkingParameters(tokens: 1500), contextTokens: 4096)
        settings.chapters = false
        // About 100 tokens for the partial summaries: 14 words each from a dozen chunks do not fit.
        settings.reduceMaxTokens = 3700
        let report = try await Summarizer(library: library, generator: PlantingGenerator(), settings: settings)
            .summarize(episode: id)
        #expect(report.collapseLevels >= 1)
        let detail = try library.episode(id)
        let summary = try #require(detail.summary)
        #expect(!summary.contains("Musk"))
        #expect(try #require(detail.summarySentences).allSatisfy { $0.support >= SupportCheck.defaultThreshold })
    }

    @Test("a chapter title the section does not hold is asked for once more, and never lands")
    func plantedTitleIsRejected() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let generator = PlantingGenerator()
        let settings = EnrichmentSettings(chunking: ChunkingParameters(tokens: 1500), contextTokens: 4096)
        let report = try await Summarizer(library: library, generator: generator, settings: settings)
            .summarize(episode: id)
        #expect((5...15).contains(report.sections))
        #expect(generator.calls.count(EnrichmentPrompts.chapterTitle.system) == report.sections)
        #expect(generator.calls.count(EnrichmentPrompts.chapterTitleStrict.system) == report.sections)
        #expect(report.titlesRegenerated == report.sections)
        let chapters = try library.episode(id).chapters
        #expect(chapters.count == report.sections - report.titlesDropped)
        #expect(!chapters.isEmpty)
        #expect(chapters.allSatisfy { $0.title != PlantingGenerator.plantedTitle })
        #expect(chapters.allSatisfy { (2...7).contains($0.title.split(separator: " ").count) })
        let starts = chapters.compactMap(\.startSeconds)
        #expect(starts.count == chapters.count && zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(starts.first == (try library.passages(episode: id)).first?.startMs.map { Double($0) / 1000 })
    }

    @Test("a reduce that tells only the episode's first part does not pass for its summary")
    func coverageOfTheEpisode() {
        func sentences(_ chunks: [Int]) -> [SummarySentence] {
            chunks.map {
                SummarySentence(
                    text: "Sentence.", startSeconds: nil, endSeconds: nil, chunk: $0, position: 0, support: 1)
            }
        }
        // The Jeremy Howard episode with Qwen2.5-Coder-0.5B: 18 sentences from chunks 0-4 of 14.
        #expect(!SummaryGrounding.coversEpisode(sentences([0, 0, 1, 2, 3, 4, 4]), chunks: 14))
        #expect(SummaryGrounding.coversEpisode(sentences([0, 5, 13]), chunks: 14))
        #expect(!SummaryGrounding.coversEpisode(sentences([0, 1, 2, 3, 8, 9]), chunks: 14))
        #expect(SummaryGrounding.coversEpisode(sentences([0]), chunks: 2))
        #expect(!SummaryGrounding.coversEpisode([], chunks: 2))
    }

    @Test("a copied speakers line is not a summary sentence")
    func copiedSpeakersLine() {
        #expect(SummaryGrounding.isFragment("Speakers: Cris, Lukas"))
        #expect(SummaryGrounding.isFragment("Summary."))
        #expect(!SummaryGrounding.isFragment("Cris and Lukas discuss multi-modal systems."))
    }
}
