import PodbotInference

/// Orders retrieved passages by how likely the chat model finds the question after reading each one (query
/// likelihood: "which passage makes this question most expected?"). The model reads, it does not write.
public struct QueryLikelihoodReranker: Sendable {
    public let scorer: any ReplyScorer
    /// How many of the first passages are scored; the rest keep their order after them.
    public var depth: Int

    public init(scorer: any ReplyScorer, depth: Int = 10) {
        self.scorer = scorer
        self.depth = depth
    }

    static let instruction = "Write one question that a listener could ask and that this passage answers."

    /// The conversation whose reply is the question.
    func messages(for passage: RetrievedPassage) -> [ChatMessage] {
        let speaker = passage.hit.speaker.map { "\($0): " } ?? ""
        return [.user("\(Self.instruction)\n\nPassage from \"\(passage.hit.title)\":\n\(speaker)\(passage.hit.text)")]
    }

    /// Mean log-probability per token of `question` after each of the first ``depth`` passages.
    public func scores(_ question: String, passages: [RetrievedPassage]) async throws -> [Double] {
        var scores: [Double] = []
        for passage in passages.prefix(depth) {
            let (sum, tokens) = try await scorer.logLikelihood(of: question, answering: messages(for: passage))
            scores.append(sum / Double(max(1, tokens)))
        }
        return scores
    }

    /// The first ``depth`` passages ordered by their scores (best first), the rest after them as they were.
    public func rerank(_ question: String, passages: [RetrievedPassage]) async throws -> [RetrievedPassage] {
        let scores = try await scores(question, passages: passages)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        return order.map { passages[$0] } + passages.dropFirst(scores.count)
    }
}
