/// Something that can say how likely a reply is, without generating: the in-process llama.cpp engine.
/// (OpenAI-compatible servers do not report the probabilities of text they did not generate.)
public protocol ReplyScorer: Sendable {
    /// The summed natural-log probability of `reply` as the assistant's answer to `messages`, and its token count.
    func logLikelihood(of reply: String, answering messages: [ChatMessage]) async throws -> (
        logProbability: Double, tokens: Int
    )
}
