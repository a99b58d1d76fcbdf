/// One event of a streamed generation.
public enum GenerationEvent: Sendable, Hashable {
    /// The next piece of text: always whole UTF-8 characters, never part of a stop sequence.
    case token(String)
    /// The generation ended; always the last event of a stream that did not throw.
    case finished(GenerationStats)
}

/// Why a generation ended.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// The model produced its end-of-generation token.
    case endOfGeneration
    /// A stop sequence was produced.
    case stopSequence
    /// `maxTokens` tokens were generated.
    case maxTokens
    /// The context window is full.
    case contextFull
    /// The consumer cancelled (only seen in an engine's record of its last run; the stream itself throws).
    case cancelled
}

/// Counts and timings of one generation.
public struct GenerationStats: Sendable, Hashable, Codable {
    /// Tokens in the prompt, after the chat template.
    public var promptTokens: Int
    /// Of those, the leading tokens whose keys and values were reused from the previous call (`cachePrompt`), not
    /// evaluated again.
    public var cachedPromptTokens = 0
    /// Tokens generated (including one that completed a stop sequence).
    public var generatedTokens: Int
    /// Wall time spent evaluating the prompt, in milliseconds.
    public var promptMilliseconds: Double
    /// Wall time spent generating, in milliseconds (first sampled token to the last).
    public var generationMilliseconds: Double
    /// Why generation ended.
    public var finishReason: FinishReason

    public init(
        promptTokens: Int, cachedPromptTokens: Int = 0, generatedTokens: Int, promptMilliseconds: Double,
        generationMilliseconds: Double, finishReason: FinishReason
    ) {
        self.promptTokens = promptTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.generatedTokens = generatedTokens
        self.promptMilliseconds = promptMilliseconds
        self.generationMilliseconds = generationMilliseconds
        self.finishReason = finishReason
    }

    /// Prompt tokens evaluated (not reused from the cache) per second.
    public var promptTokensPerSecond: Double {
        promptMilliseconds > 0 ? Double(promptTokens - cachedPromptTokens) * 1000 / promptMilliseconds : 0
    }

    /// Tokens generated per second.
    public var generationTokensPerSecond: Double {
        generationMilliseconds > 0 ? Double(generatedTokens) * 1000 / generationMilliseconds : 0
    }
}

extension AsyncThrowingStream where Element == GenerationEvent, Failure == any Error {
    /// Collects a whole generation: the text and the final stats.
    public func collect() async throws -> (text: String, stats: GenerationStats?) {
        var text = ""
        var stats: GenerationStats?
        for try await event in self {
            switch event {
            case .token(let piece): text += piece
            case .finished(let final): stats = final
            }
        }
        return (text, stats)
    }
}
