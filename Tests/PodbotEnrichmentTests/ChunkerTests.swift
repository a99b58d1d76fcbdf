import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

@Suite("Chunker")
struct ChunkerTests {
    /// The Whisper file cut by SmolLM2's real tokenizer: windows within the limit, in order, with real times.
    @Test func whisperChunksRespectTheWindowAndCarryTimes() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let engine = try EnrichmentFixture.engine.get()
        let episode = try EpisodeText(library: library, episode: id)
        let chunks = try await Chunker(parameters: ChunkingParameters(tokens: 1000)).chunks(of: episode.segments) {
            try await engine.countTokens($0)
        }
        #expect(chunks.count >= 15 && chunks.count <= 40, "\(chunks.count) chunks")
        #expect(chunks.allSatisfy { $0.tokenCount <= 1000 })
        #expect(chunks.dropLast().allSatisfy { $0.tokenCount >= 750 }, "chunks are packed at least 3/4 full")
        // Chunks cover the spoken segments; the music-only cues at both ends have no text to summarise.
        let spoken = episode.segments.indices.filter { !episode.segments[$0].text.isEmpty }
        #expect(spoken.first == 1 && spoken.last! < episode.segments.count - 1)
        #expect(chunks.first?.firstSegment == spoken.first)
        #expect(chunks.last?.lastSegment == spoken.last)
        let starts = chunks.compactMap(\.startSeconds)
        #expect(starts.count == chunks.count)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(starts.first == episode.segments[spoken.first!].startSeconds)
        // No segment is lost or repeated without overlap.
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(b.firstSegment >= a.lastSegment) }
        let words = episode.segments.reduce(0) { $0 + WordCounter.count($1.text) }
        #expect(chunks.reduce(0) { $0 + WordCounter.count($1.text) } == words)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.position < $1.position })
    }

    /// With an overlap, each chunk starts with the previous chunk's last sentences.
    @Test func overlapRepeatsTheEndOfThePreviousChunk() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.lex, in: scratch)
        let episode = try EpisodeText(library: library, episode: id)
        let chunks = try await Chunker(parameters: ChunkingParameters(tokens: 400, overlap: 100)).chunks(
            of: episode.segments, countTokens: WordCounter.count)
        #expect(chunks.count > 10)
        #expect(chunks.allSatisfy { $0.startSeconds == nil && $0.tokenCount <= 400 })
        var overlapping = 0
        for (a, b) in zip(chunks, chunks.dropFirst()) {
            let head = b.text.split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
            if a.text.replacingOccurrences(of: "\n", with: " ").contains(head) { overlapping += 1 }
        }
        #expect(overlapping >= chunks.count * 3 / 4, "\(overlapping) of \(chunks.count - 1) chunks overlap")
    }

    /// The unpunctuated ASR stream is cut between words; untimed chapters get positions and first words.
    @Test func untimedChaptersUsePositionsAndFirstWords() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.asr, in: scratch)
        let episode = try EpisodeText(library: library, episode: id)
        #expect(!episode.timed)
        let chunks = try await Chunker(parameters: ChunkingParameters(tokens: 1000)).chunks(
            of: episode.segments, countTokens: WordCounter.count)
        #expect(chunks.allSatisfy { $0.tokenCount <= 1000 })
        let passages = try library.passages(episode: id)
        let words = passages.reduce(0) { $0 + $1.words }
        let sections = ChapterBuilder.sections(passages: passages, vectors: nil)
        #expect(sections.count == min(15, max(5, words / ChapterBuilder.wordsPerChapter)))
        // A title is made from the section's own passages.
        #expect(
            sections.allSatisfy { section in
                section.input.components(separatedBy: "\n\n").allSatisfy { section.text.contains($0.prefix(80)) }
            })
        let titles = Dictionary(uniqueKeysWithValues: sections.indices.map { ($0, "Title \($0)") })
        let chapters = ChapterBuilder.chapters(episode: episode, sections: sections, titles: titles)
        #expect(chapters.count == sections.count)
        #expect(chapters.allSatisfy { $0.startMs == nil && $0.firstWords?.isEmpty == false })
        let positions = chapters.compactMap(\.position)
        #expect(positions.first == 0)
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 } && positions.last! < 1)
        // A section without a title joins the chapter before; an untitled opening goes to the first titled one.
        var gaps = titles
        gaps[0] = nil
        gaps[2] = nil
        let joined = ChapterBuilder.chapters(episode: episode, sections: sections, titles: gaps)
        #expect(joined.map(\.title) == sections.indices.filter { ![0, 2].contains($0) }.map { "Title \($0)" })
        #expect(joined.first?.position == 0 && joined.first?.firstWords == sections[0].firstWords)
        // A transcript of three passages has three sections at most.
        #expect(ChapterBuilder.sections(passages: Array(passages.prefix(3)), vectors: nil).count == 3)
    }

    @Test(arguments: [
        ("", "empty output"),
        (String(repeating: "The model is great. ", count: 6), "repetition loop (a sentence repeats)"),
        (String(repeating: "and then we go to ", count: 10), "repetition loop (phrases repeat)"),
    ])
    func degenerateOutputIsRecognised(text: String, problem: String) {
        #expect(DegenerationCheck.problem(in: text) == problem)
    }

    @Test func realSummaryTextIsNotDegenerate() throws {
        let csv = try Corpus.text(Corpus.csv)
        // The reference system's own summaries (row 3) are real prose.
        let start = try #require(csv.range(of: "In this podcast, Jeremy Howard, a founding researcher"))
        let summary = String(csv[start.lowerBound...].prefix(600))
        #expect(DegenerationCheck.problem(in: summary) == nil)
    }

    @Test func questionRepliesAreParsedToAtMostThreeQuestions() {
        let reply =
            "Sure, here are a few questions you might ask about this part,,?\n"
            + "1. What is fast.ai?\n2. Why did Jeremy leave Kaggle?\n- Why did Jeremy leave Kaggle?\nA statement.\n"
            + "How does one train a model quickly?\nWhat comes fourth?"
        #expect(
            QuestionGenerator.parse(reply) == [
                "What is fast.ai?", "Why did Jeremy leave Kaggle?", "How does one train a model quickly?",
            ])
    }

    @Test func oneParagraphSummariesAreSplitInTwo() {
        let text =
            "Jeremy talks about fast.ai. He explains the course. Then diffusion models come up. They end with tips."
        let split = Paragraphs.atLeastTwo(text)
        #expect(split.components(separatedBy: "\n\n").count == 2)
        #expect(split.replacingOccurrences(of: "\n\n", with: " ") == text)
    }

    @Test func chapterTitlesLoseLabelsQuotesAndDanglingWords() {
        #expect(ChapterBuilder.cleanTitle("Chapter 3: \"Diffusion on One GPU.\"\nmore") == "Diffusion on One GPU")
        #expect(
            ChapterBuilder.cleanTitle("Generative Text Models: Making Machine Learning More Accessible and")
                == "Generative Text Models: Making Machine Learning More Accessible")
        #expect(ChapterBuilder.cleanTitle("A") == nil)
    }

    @Test func chapterTitlesLoseSentenceOpeningsAndExtraTitles() {
        // Seen from Qwen2.5-Coder-0.5B with the first title prompt, and from the second one without the grammar.
        #expect(
            ChapterBuilder.cleanTitle("The podcast explores the challenges of training neural networks using deep")
                == "Challenges of training neural networks using deep")
        #expect(
            ChapterBuilder.cleanTitle("The podcast discusses the development of a three-step system for")
                == "Development of a three-step system")
        #expect(ChapterBuilder.cleanTitle("This section: Life before Kaggle") == "Life before Kaggle")
        #expect(
            ChapterBuilder.cleanTitle("GPT-4 Training Challenges | OpenAI's Efforts | Chess Debate")
                == "GPT-4 Training Challenges")
        // A title that merely begins like one keeps its words.
        #expect(ChapterBuilder.cleanTitle("The Podcasting 2.0 Namespace") == "The Podcasting 2.0 Namespace")
        #expect(
            ChapterBuilder.cleanTitle("The Fast.ai Course: A Great Domain Expert")
                == "The Fast.ai Course: A Great Domain Expert")
        #expect(ChapterBuilder.cleanTitle("The podcast") == "The podcast")
        #expect(
            ChapterBuilder.cleanTitle("The Episode That Changed Everything") == "The Episode That Changed Everything")
        #expect(
            ChapterBuilder.cleanTitle("The podcast: Alessio, partner and CTO at Decibel")
                == "Alessio, partner and CTO at Decibel")
    }

    @Test func summariesLoseASentenceTheTokenLimitCut() {
        let cut = "Jeremy explains diffusion.\n\nHe trains on one GPU. Jeremy discussed the potential of generative"
        #expect(Summarizer.cleanSummary(cut) == "Jeremy explains diffusion.\n\nHe trains on one GPU.")
        let whole = "Jeremy explains diffusion. He says “it works.”"
        #expect(Summarizer.cleanSummary(whole) == whole)
    }

    @Test func labelsNumbersAndFragmentsDoNotBecomeParagraphs() {
        let text = """
            **Guest and topics**
            1. Jeremy Howard talks about the fast.ai course and its students.
            Also Kaggle.

            Key ideas:
            2. Diffusion models need little code to train, he says.
            """
        #expect(
            Paragraphs.atLeastTwo(text) == """
                Jeremy Howard talks about the fast.ai course and its students. Also Kaggle.

                Diffusion models need little code to train, he says.
                """)
    }
}
