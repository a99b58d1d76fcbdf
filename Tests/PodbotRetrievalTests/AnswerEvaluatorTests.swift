import Foundation
import PodbotTestSupport
import Testing

@testable import PodbotRetrieval

@Suite("`podbot eval --answers` scoring (corpus library, MiniLM, a scripted answer)")
struct AnswerEvaluatorTests {
    /// dev-ask's question about the dataset Jeremy experiments on: its evidence is in two transcripts of one talk.
    static func question() throws -> EvalSet.Question {
        let set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        return try #require(set.questions.first { $0.question.contains("tiny clothing-picture dataset") })
    }

    func evaluate(reply: String) async throws -> AnswerEvaluator.Report {
        let built = try await RetrievalFixture.get()
        let pipeline = AskPipeline(retriever: built.retriever, generator: ScriptedGenerator(reply: reply))
        return try await AnswerEvaluator(pipeline: pipeline).run(EvalSet(questions: [try Self.question()]))
    }

    @Test("an answer from the evidence's passage cites it, and its quote shows the evidence's words")
    func citedAndShown() async throws {
        let report = try await evaluate(
            reply:
                "Jeremy does his work on the Fashion-MNIST dataset of single-channel images of types of clothing [1].")
        let row = try #require(report.rows.first)
        #expect(row.covered)
        #expect(row.citesEvidence)
        #expect(row.quoteShowsEvidence)
        #expect(row.quotes.contains { $0.text.contains("Fashion-MNIST") || $0.text.contains("fashion MNIST") })
        #expect(report.answeredWithEvidence == 1)
        #expect(report.answeredShowingEvidence == 1)
        #expect(!row.refusalShowsEvidence)
        #expect(report.refusedShowingEvidence == 0)
    }

    @Test("a refusal answers nothing, and its closest passages' words show the evidence")
    func refused() async throws {
        let report = try await evaluate(reply: "NOT COVERED.")
        let row = try #require(report.rows.first)
        #expect(!row.covered)
        #expect(row.retrievedEvidence)
        #expect(!row.quoteShowsEvidence)
        #expect(!row.quotes.isEmpty)
        #expect(row.refusalShowsEvidence)
        #expect(report.answerRate == 0)
        #expect(report.answeredShowingEvidence == 0)
        #expect(report.refusedShowingEvidence == 1)
    }
}
