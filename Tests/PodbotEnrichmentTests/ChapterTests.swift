import Foundation
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

/// Chapter boundaries at topic changes and the check on chapter titles, on real transcripts.
@Suite("Chapters")
struct ChapterTests {
    /// Two conversations glued together: the boundary is found where one ends, by words and by MiniLM vectors.
    @Test(arguments: [false, true]) func theJoinBetweenTwoConversationsIsATopicChange(embedded: Bool) async throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let ids = try library.importFile(ImportRequest(path: Corpus.path(Corpus.csv))).episodeIDs
        #expect(ids.count == 3)
        // Mid-conversation stretches (no greetings) of the Cristóbal Valenzuela and Jeremy Howard episodes.
        let first = Array(try library.passages(episode: ids[1]).dropFirst(10).prefix(14))
        let second = Array(try library.passages(episode: ids[2]).dropFirst(10).prefix(14))
        let passages = first + second
        let vectors = embedded ? try await EnrichmentFixture.embedder.get().embed(passages.map(\.text)) : nil
        let starts = TopicSegmenter.starts(
            vectors ?? TopicSegmenter.lexicalVectors(passages.map(\.text)), count: 2, minimumLength: 4)
        #expect(starts.count == 2)
        #expect(abs(starts[1] - first.count) <= 1, "boundary at passage \(starts[1]), the join is at \(first.count)")
    }

    @Test func boundariesKeepTheirDistance() {
        // Three topics of 6 passages each, in a 3-dimensional toy space: starts at 0, 6 and 12.
        let topics: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let vectors = (0..<18).map { topics[$0 / 6] }
        #expect(TopicSegmenter.starts(vectors, count: 3, minimumLength: 3) == [0, 6, 12])
        // Asked for more than the minimum length allows, it gives fewer.
        #expect(TopicSegmenter.starts(vectors, count: 10, minimumLength: 5).count <= 3)
        #expect(TopicSegmenter.starts([], count: 5, minimumLength: 1) == [])
        #expect(TopicSegmenter.starts([[1, 0, 0]], count: 5, minimumLength: 1) == [0])
    }

    @Test(
        arguments: [
            ("Stable Diffusion on One GPU", nil),
            ("Training Diffusion Models Faster", nil),
            ("Diffusion", "1 words"),
            ("Why Stable Diffusion Models Keep Getting Faster Every Year", "9 words"),
            ("The podcast explores diffusion", "a sentence about the podcast"),
            ("Jeremy is excited about diffusion", "a sentence"),
            ("Stable Diffusion and", "cut off"),
            ("Quantum Computing Breakthroughs", "not about the section's words"),
            ("GPT-5 and Diffusion", "\"5\" is not in the section"),
        ] as [(String, String?)])
    func chapterTitlesAreShortTopicPhrasesOfTheSection(title: String, problem: String?) {
        let section = """
            Jeremy: we trained a stable diffusion model on one GPU, and the models got faster; training takes a day \
            now, and GPT-4 could not do this.
            """
        #expect(ChapterBuilder.problem(title: title, section: section) == problem)
    }

    /// Titles the 0.5B model wrote for the Jeremy Howard episode's sections, cut to their leading phrase.
    @Test func longTitlesAreCutToTheirLeadingPhrase() {
        #expect(
            ChapterBuilder.shortened("Training a state-of-the-art image-generative model on a single GPU to train")
                == "Training a state-of-the-art image-generative model")
        #expect(
            ChapterBuilder.shortened("Impact of democratization on accessibility and access to generative models")
                == "Impact of democratization on accessibility and access")
        #expect(ChapterBuilder.shortened("Python in JAX") == "Python in JAX")
        let unbroken = "Jeremy Howard explains everything everybody should know regarding diffusion models today"
        #expect(ChapterBuilder.shortened(unbroken) == unbroken)
    }
}
