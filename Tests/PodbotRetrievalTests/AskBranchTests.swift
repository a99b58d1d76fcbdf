import Foundation
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

@testable import PodbotRetrieval

@Suite("Ask pipeline branches with a scripted model")
struct AskBranchTests {
    /// A BM25-only library of one small transcript (with the folder that holds it, kept as long as the library).
    static let library = Result<(Library, ScratchFolder), any Error> {
        let scratch = ScratchFolder()
        let file = scratch.path("swift.txt")
        try """
        Swift for TensorFlow got archived after Chris Lattner left Google in 2021. The team moved to JAX.

        Jeremy started Kaggle competitions to find the best data scientists in the world.
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let library = try Library(path: scratch.path("library.sqlite"))
        _ = try library.importFile(ImportRequest(path: file, metadata: EpisodeMetadata(title: "Swift talk")))
        return (library, scratch)
    }

    func ask(_ reply: String, question: String = "What happened to Swift for TensorFlow?") async throws -> (
        AskResult, String
    ) {
        let retriever = Retriever(library: try Self.library.get().0, embedder: nil, index: nil)
        let pipeline = AskPipeline(
            retriever: retriever, generator: ScriptedGenerator(reply: reply), policy: CoveragePolicy(minimumBM25: 0))
        let shown = Shown()
        let result = try await pipeline.ask(.init(question: question)) { shown.append($0) }
        return (result, shown.value)
    }

    @Test("an unsupported sentence is neither streamed nor returned; the supported one is")
    func partlySupported() async throws {
        let (result, shown) = try await ask(
            "Swift for TensorFlow got archived after Chris Lattner left Google [1]. It was rewritten in Rust by Apple in 2023 [1]."
        )
        #expect(result.covered)
        #expect(result.answer == "Swift for TensorFlow got archived after Chris Lattner left Google [1].")
        #expect(!shown.contains("Rust"))
        #expect(shown.contains("archived after Chris Lattner"))
        #expect(result.droppedSentences.count == 1)
        #expect(result.citations.map(\.n) == [1])
    }

    @Test("a repeated sentence is shown once, and the answer stops at its most sentences")
    func repeatsAndLength() async throws {
        let sentence = "Swift for TensorFlow got archived after Chris Lattner left Google [1]. "
        let (repeated, _) = try await ask(sentence + sentence)
        #expect(repeated.answer == sentence.trimmingCharacters(in: .whitespaces))
        #expect(repeated.droppedSentences.map(\.reason) == ["it repeats an earlier sentence"])

        let long = [
            "Swift for TensorFlow got archived [1].", "Chris Lattner left Google [1].", "The team moved to JAX [1].",
            "Jeremy started Kaggle competitions [1].", "They find the best data scientists [1].",
            "That was in 2021 [1].",
        ]
        #expect(CoveragePolicy.default.maximumSentences == 4)
        let (result, shown) = try await ask(long.joined(separator: " "))
        #expect(SentenceSplitter.split(result.answer).count == 4)
        #expect(shown.contains("Kaggle competitions"))
        #expect(!shown.contains("data scientists"))
    }

    @Test("NOT COVERED anywhere in the reply is a refusal, even after an answer")
    func refusalAfterAnswer() async throws {
        let (result, _) = try await ask("Swift for TensorFlow got archived [1]. NOT COVERED.")
        #expect(!result.covered)
        #expect(result.citations.isEmpty)
        #expect(result.reason == "the model found no answer in the passages")
    }

    @Test("a reply no passage supports is not covered, with the closest passages")
    func nothingSupported() async throws {
        let (result, shown) = try await ask("Messi scored twelve goals for Barcelona in 2012 [1].")
        #expect(!result.covered)
        #expect(!result.passages.isEmpty)
        #expect(shown.isEmpty)
        #expect(
            result.reason
                == "no sentence of the answer is both supported and about the question: \"barcelona\", \"2012\" are "
                + "not in the passages it cites")
        // Every dropped sentence's reason, alike ones counted, not only the first's.
        let (two, _) = try await ask(
            "Messi scored twelve goals for Barcelona in 2012 [1]. Ronaldo scored for Madrid in 2014 [1].")
        #expect(two.reason?.hasSuffix("it cites; \"madrid\", \"2014\" are not in the passages it cites") == true)
    }
}
