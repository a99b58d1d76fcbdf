import Foundation
import PodbotInference
import PodbotRetrieval

/// A chat model that replies with the answers an earlier `podbot eval --answers --json` run recorded, looked up by
/// the question in the prompt: the checks after generation can then be measured again on the same answers in
/// seconds instead of half an hour of generation.
///
/// A report that recorded each prompt's digest (``PromptBuilder/digest(_:)``) replays an answer only to the same
/// prompt; a question whose passages have changed is answered by `fallback`, the real model, so a retrieval change
/// is measured on answers by generating only what it changed. Older reports replay by question alone.
///
/// The recorded answer may have been cut where the earlier checks had kept their most sentences, so a change that
/// keeps fewer sentences sees less of it than the model would have written.
struct ReplayGenerator: TextGenerator {
    private let answers: [String: (raw: String, digest: String?)]
    private let fallback: (any TextGenerator)?
    private let tally = Tally()
    let modelName = "replay"

    /// How many prompts were replayed and how many generated.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = (replayed: 0, generated: 0)
        func count(replayed: Bool) {
            lock.withLock { replayed ? (counts.replayed += 1) : (counts.generated += 1) }
        }
        var summary: (replayed: Int, generated: Int) { lock.withLock { counts } }
    }

    var counts: (replayed: Int, generated: Int) { tally.summary }

    /// Reads the `raw_answer` of every row of the report at `path`.
    init(report path: String, fallback: (any TextGenerator)? = nil) throws {
        struct Report: Decodable {
            struct Row: Decodable {
                var question: String
                var rawAnswer: String?
                var promptDigest: String?

                enum CodingKeys: String, CodingKey {
                    case question
                    case rawAnswer = "raw_answer"
                    case promptDigest = "prompt_digest"
                }
            }
            var rows: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        answers = Dictionary(
            report.rows.compactMap { row in row.rawAnswer.map { (row.question, ($0, row.promptDigest)) } },
            uniquingKeysWith: { a, _ in a })
        self.fallback = fallback
    }

    func chat(_ messages: [ChatMessage], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let prompt = messages.last?.content ?? ""
        let question = prompt.components(separatedBy: "Question: ").last?.components(separatedBy: "\n").first ?? ""
        guard let recorded = answers[question],
            recorded.digest == nil || recorded.digest == PromptBuilder.digest(messages)
        else {
            guard let fallback else {
                return AsyncThrowingStream { $0.finish(throwing: ReplayMissing(question: question)) }
            }
            tally.count(replayed: false)
            return fallback.chat(messages, options: options)
        }
        tally.count(replayed: true)
        let answer = recorded.raw
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
        var errorDescription: String? {
            "the replayed report has no answer to \"\(question)\" from the same passages"
        }
    }
}
