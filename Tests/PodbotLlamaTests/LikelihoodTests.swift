import Foundation
import PodbotInference
import Testing

@testable import PodbotLlama

@Suite("Log-likelihood of a reply with SmolLM2-135M", .serialized)
struct LikelihoodTests {
    let engine: LlamaEngine

    init() throws {
        engine = try TestModels.engine.get()
    }

    @Test("the continuation a prompt makes likely scores higher than one it does not")
    func likelyScoresHigher() async throws {
        let prompt = engine.model.tokenize("1, 2, 3, 4, 5, 6,", addSpecial: true)
        let count = engine.model.tokenize(" 7, 8, 9", addSpecial: false)
        let jumble = engine.model.tokenize(" 2, 9, 4", addSpecial: false)
        let likely = try await engine.logLikelihood(of: count, after: prompt)
        let unlikely = try await engine.logLikelihood(of: jumble, after: prompt)
        #expect(likely.tokens == count.count)
        #expect(likely.logProbability < 0)
        #expect(likely.logProbability > unlikely.logProbability + 1, "\(likely) against \(unlikely)")
    }

    @Test("a score is the same read cold or with its prompt cached; over several batches it rounds alike")
    func cachedAndChunkedAgree() async throws {
        let question = engine.model.tokenize(" When does the river flood the valley?", addSpecial: false)
        for repeats in [3, 30] {
            let passage = String(
                repeating: "The river floods the valley every spring and the farmers wait. ", count: repeats)
            let prompt = engine.model.tokenize(passage + "Question:", addSpecial: true)
            let cold = try await engine.logLikelihood(of: question, after: prompt)
            let cached = try await engine.logLikelihood(of: question, after: prompt)
            _ = try await engine.logLikelihood(
                of: question, after: engine.model.tokenize("Unrelated.", addSpecial: true))
            let again = try await engine.logLikelihood(of: question, after: prompt)
            if prompt.count < 256 {
                // One batch either way: the same numbers.
                #expect(cold.logProbability == cached.logProbability)
                #expect(cold.logProbability == again.logProbability)
            } else {
                // Read in batches of 256 tokens, or only its last token with the prompt cached, the matrix products
                // round differently (observed: up to 3% apart).
                for other in [cached, again] {
                    #expect(abs(cold.logProbability - other.logProbability) < 0.05 * abs(cold.logProbability))
                }
            }
        }
    }

    @Test("a chat reply is scored after the chat template; an empty reply or oversized prompt is refused")
    func chatReplyAndLimits() async throws {
        let messages: [ChatMessage] = [.user("Passage: The capital of France is Paris.\nWrite a question it answers.")]
        let onTopic = try await engine.logLikelihood(of: "What is the capital of France?", answering: messages)
        let offTopic = try await engine.logLikelihood(of: "How do I bake sourdough bread?", answering: messages)
        #expect(
            onTopic.logProbability / Double(onTopic.tokens) > offTopic.logProbability / Double(offTopic.tokens))
        await #expect(throws: InferenceError.self) { try await engine.logLikelihood(of: [], after: [1, 2]) }
        let huge = [Int32](repeating: engine.model.tokenize("word", addSpecial: false)[0], count: 1100)
        await #expect(throws: InferenceError.self) { try await engine.logLikelihood(of: [1], after: huge) }
    }
}
