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
}
