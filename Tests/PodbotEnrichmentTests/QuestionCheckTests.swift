import Foundation
import PodbotLibrary
import PodbotRetrieval
import PodbotTestSupport
import Testing

@testable import PodbotEnrichment

/// The answerability check on generated questions, with the library's real retrieval (BM25 here: no vectors).
@Suite("Question check")
struct QuestionCheckTests {
    @Test func aQuestionMustLeadBackToItsOwnChunk() async throws {
        let scratch = ScratchFolder()
        let (library, id) = try EnrichmentFixture.library(Corpus.whisper, in: scratch)
        let episode = try EpisodeText(library: library, episode: id)
        let chunks = try await Chunker(parameters: ChunkingParameters(tokens: 1000)).chunks(
            of: episode.segments, countTokens: WordCounter.count)
        #expect(chunks.count >= 10)
        let generator = QuestionGenerator(
            library: library, generator: try EnrichmentFixture.engine.get(), embedder: nil)
        // A question made of a chunk's own distinctive words, credited to that chunk and to one far from it.
        var questions: [GeneratedQuestion] = []
        for chunk in chunks where chunk.index % 3 == 0 {
            let words = chunk.text.split { !$0.isLetter }.filter { $0.count >= 7 }.prefix(5)
            let question = "What did they say about " + words.joined(separator: " ") + "?"
            questions.append(GeneratedQuestion(text: question, chunk: chunk.index))
            questions.append(GeneratedQuestion(text: question, chunk: (chunk.index + chunks.count / 2) % chunks.count))
        }
        let kept = try await generator.answerable(questions, episode: id, chunks: chunks)
        let own = questions.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let far = questions.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(far.allSatisfy { !kept.contains($0) }, "a question credited to a chunk it is not about is dropped")
        #expect(own.filter { kept.contains($0) }.count >= own.count * 3 / 4, "\(kept.count) of \(own.count) kept")
    }
}
