/// Something that generates text: the in-process llama.cpp engine or an OpenAI-compatible server.
///
/// Pipelines (summaries, Q&A) depend only on this protocol.
public protocol TextGenerator: Sendable {
    /// A human-readable name of the model, for logs and `--json` output.
    var modelName: String { get }

    /// Streams the reply to a conversation, formatted with the model's chat template.
    /// Cancelling the consuming task stops generation within one token.
    func chat(_ messages: [ChatMessage], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>

    /// Streams a raw completion of `prompt`, without any chat template.
    func complete(_ prompt: String, options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, any Error>

    /// How many tokens `text` is for this model (for chunking by tokens).
    func countTokens(_ text: String) async throws -> Int

    /// How many conversations ``chatAll(_:options:)`` works on together (1: one after another).
    var parallelism: Int { get }

    /// Replies to several independent conversations, in order, as `chat` would, without streaming. An engine that
    /// decodes them together (several sequences of one llama.cpp batch, a server's parallel slots) is faster than
    /// one after another.
    func chatAll(_ conversations: [[ChatMessage]], options: [GenerationOptions]) async throws -> [GenerationReply]
}

/// One whole reply: its text and final stats.
public struct GenerationReply: Sendable, Hashable {
    public var text: String
    public var stats: GenerationStats?

    public init(text: String, stats: GenerationStats?) {
        self.text = text
        self.stats = stats
    }
}

extension TextGenerator {
    public var parallelism: Int { 1 }

    /// One conversation after another.
    public func chatAll(_ conversations: [[ChatMessage]], options: [GenerationOptions]) async throws
        -> [GenerationReply]
    {
        precondition(conversations.count == options.count, "one GenerationOptions per conversation")
        var replies: [GenerationReply] = []
        for (messages, options) in zip(conversations, options) {
            let (text, stats) = try await chat(messages, options: options).collect()
            try Task.checkCancellation()
            replies.append(GenerationReply(text: text, stats: stats))
        }
        return replies
    }
}
