import Foundation
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

/// A model that answers each enrichment prompt from its own input: a sentence listing the input's long words
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

    /// Calls by system prompt (first turns only), second turns, and the words of the map steps' inputs.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var bySystem: [String: Int] = [:]
        private var firstTurns: Set<[String]> = []
        private var secondTurns = 0
        private var continuing = 0
        private var mapWords = 0
        func add(_ messages: [ChatMessage]) {
            lock.withLock {
                let opening = messages.prefix(2).map(\.content)
                if messages.count > 2 {
                    secondTurns += 1
                    if firstTurns.contains(opening) { continuing += 1 }
                    return
                }
                firstTurns.insert(opening)
                bySystem[opening[0], default: 0] += 1
                if opening[0] == EnrichmentPrompts.summaryMap.system {
                    mapWords += opening[1].split(whereSeparator: \.isWhitespace).count
                }
            }
        }
        func count(_ system: String) -> Int { lock.withLock { bySystem[system] ?? 0 } }
        /// Second turns, and those that continue a first turn made earlier word for word.
        var retries: (all: Int, continuing: Int) { lock.withLock { (secondTurns, continuing) } }
        var wordsReadByMapSteps: Int { lock.withLock { mapWords } }
    }

    func chat(_ messages: [ChatMessage], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let system = messages.first?.content ?? ""
        calls.add(messages)
        // A second turn answers from the first turn's input, as a model would.
        let input = messages.count > 2 ? messages[1].content : messages.last?.content ?? ""
        let reply: String
        if system == EnrichmentPrompts.chapterTitle.system {
            reply = Self.plantedTitle
        } else if system == EnrichmentPrompts.chapterTitleStrict.system {
            let words = input.split { !$0.isLetter }.filter { $0.count >= 6 }.prefix(3)
            reply = words.map { String($0).capitalized }.joined(separator: " ")
        } else {
            // Eight long words of the input after its lead line, lowercased, as a list: supported by the input but
            // not copied from it. Then the planted sentence.
            let body = input.components(separatedBy: "\n\n").dropFirst().joined(separator: " ")
            var words: [String] = []
            for word in body.split(whereSeparator: { !$0.isLetter }).map({ $0.lowercased() })
            where word.count >= 6 && !words.contains(word) && words.count < 8 {
                words.append(word)
            }
            reply = "The talk covers " + words.joined(separator: ", ") + ". " + Self.planted
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
        settings.reduce = true
        let report = try await Summarizer(library: library, generator: generator, settings: settings)
            .summarize(episode: id)

        let detail = try library.episode(id)
        let summary = try #require(detail.summary)
        #expect(!summary.contains("Musk") && !summary.contains("1999"))
        let sentences = try #require(detail.summarySentences)
        #expect(sentences.count >= 2)
        #expect(sentences.map(\.text).joined(separator: " ") == summary.replacingOccurrences(of: "\n\n", with: " "))
        // Each map step was asked once more as the next turn of its own conversation, the reduce once more with the
        // strict prompt, and the planted sentence of every chosen attempt was counted.
        #expect(generator.calls.retries == (report.chunks, report.chunks))
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
        settings.reduce = true
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

    @Test("by default the summary is grounded map sentences spread over the episode, each step reading 40% of it")
    func defaultSummaryIsSpreadMapSentences() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let generator = PlantingGenerator()
        var settings = EnrichmentSettings(chunking: ChunkingParameters(tokens: 1500), contextTokens: 4096)
        settings.chapters = false
        let report = try await Summarizer(library: library, generator: generator, settings: settings)
            .summarize(episode: id)
        #expect(generator.calls.count(EnrichmentPrompts.summaryReduce.system) == 0)
        #expect(generator.calls.count(EnrichmentPrompts.summaryCollapse.system) == 0)
        #expect(report.spreadFromMap && report.chunks >= 3)
        let sentences = try #require(try library.episode(id).summarySentences)
        #expect(sentences.count == min(report.chunks, Summarizer.spreadSentences))
        #expect(!sentences.contains { $0.text.contains("Musk") })
        #expect(SummaryGrounding.coversEpisode(sentences, chunks: report.chunks))
        // Each map step read about 40% of its chunk's words (whole sentences, so a little more).
        let (_, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: generator, settings: settings, purpose: "check")
        let words = chunks.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
        let read = generator.calls.wordsReadByMapSteps
        #expect(Double(read) > 0.35 * Double(words) && Double(read) < 0.52 * Double(words), "\(read) of \(words)")
    }

    @Test("a map step reads its chunk's central sentences, whole and in order, and leaves back-channel out")
    func mapInputKeepsCentralSentences() {
        let text = """
            Yeah. Diffusion models start from pure noise and remove a little noise at every step.
            Right, right. Mm-hmm.
            The model learns to predict the noise that was added to each image during training.
            So at sampling time the model removes predicted noise step by step until an image appears.
            I had coffee this morning.
            """
        let central = MapInput.central(text, share: 0.5)
        let kept = central.components(separatedBy: "\n")
        #expect(!central.contains("Yeah.") && !central.contains("Mm-hmm") && !central.contains("coffee"))
        #expect(central.contains("predict the noise"))
        // Whole sentences of the text, in its order.
        let offsets = kept.map { text.range(of: $0)?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil } && offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        #expect(MapInput(share: 1).key(chunking: "k") == "k")
        #expect(MapInput(share: 0.5).key(chunking: "k") != "k")
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

    @Test("a sentence copied from its chunk, or in a speaker's first person, is not a summary sentence")
    func copiedAndFirstPersonSentences() {
        let chunk = TranscriptChunk(
            index: 0,
            text: """
                Long story short, I'm originally from Chile. I studied econ in Chile and I was working on something \
                completely unrelated, until I fell into a rabbit hole of AI-generated art.
                """, tokenCount: 40, firstSegment: 0, lastSegment: 0, speakers: ["Cris"], position: 0)
        let grounding = SummaryGrounding(chunks: [chunk], names: ["Cris"])
        let outcome = grounding.ground(
            """
            I studied econ in Chile and was working on something completely unrelated. Cris studied econ in Chile \
            before he fell into AI-generated art. We fell into a rabbit hole of AI-generated art.
            """, chunk: 0)
        #expect(outcome.kept.map(\.text) == ["Cris studied econ in Chile before he fell into AI-generated art."])
        #expect(outcome.dropped.count == 2)
        #expect(
            grounding.isCopied(
                "Working on something completely unrelated, until a rabbit hole of AI-generated art.", chunk: 0))
        #expect(!grounding.isCopied("Cris moved from economics to art made by neural networks.", chunk: 0))
        #expect(SummaryGrounding.speaksInFirstPerson("For our users, it’s how you build from there."))
        #expect(!SummaryGrounding.speaksInFirstPerson("Runway sells its tools in the US market."))
    }

    @Test("a copied speakers line is not a summary sentence")
    func copiedSpeakersLine() {
        #expect(SummaryGrounding.isFragment("Speakers: Cris, Lukas"))
        #expect(SummaryGrounding.isFragment("Summary."))
        #expect(!SummaryGrounding.isFragment("Cris and Lukas discuss multi-modal systems."))
    }
}
