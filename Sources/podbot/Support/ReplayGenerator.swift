import Foundation
import PodbotInference

/// A chat model that replies with the answers an earlier `podbot eval --answers --json` run recorded, looked up by
/// the question in the prompt: the checks after generation can then be measured again on the same answers in
/// seconds instead of half an hour of generation.
///
/// The recorded answer may have been cut where the earlier checks had kept their most sentences, so a change that
/// keeps fewer sentences sees less of it than the model would have written.
struct ReplayGenerator: TextGenerator {
    private let answers: [String: String]
    let modelName = "replay"

    /// Reads the `raw_answer` of every row of the report at `path`.
    init(report path: String) throws {
        struct Report: Decodable {
            struct Row: Decodable {
                var question: String
                var rawAnswer: String?

                enum CodingKeys: String, CodingKey {
                    case question
                    case rawAnswer = "raw_answer"
                }
            }
            var rows: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        answers = Dictionary(
            report.rows.compactMap { row in row.rawAnswer.map { (row.question, $0) } }, uniquingKeysWith: { a, _ in a }
        )
    }

    func chat(_ messages: [ChatMessage], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let prompt = messages.last?.content ?? ""
        let question = prompt.components(separatedBy: "Question: ").last?.components(separatedBy: "\n").first ?? ""
        guard let answer = answers[question] else {
            return AsyncThrowingStream { $0.finish(throwing: ReplayMissing(question: question)) }
        }
        return AsyncThrowingStream { continuation in
            // Word by word, as a model streams, so the pipeline's per-sentence checks run as they would.
            for piece in answer.split(separator: " ", omittingEmptySubsequences: false) {
                continuation.yield(.token(String(piece) + " "))
            }
            continuation.finish()
        }
    }

    func complete(_ prompt: String, options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: ReplayMissing(question: prompt)) }
    }

    func countTokens(_ text: String) async throws -> Int { text.split(separator: " ").count }

    struct ReplayMissing: LocalizedError {
        var question: String
        var errorDescription: String? { "the replayed report has no answer to \"\(question)\"" }
    }
}
