import PodbotInference

/// Token counts and model time of one or more model calls, as stored with every per-chunk output.
public struct StepStats: Sendable, Hashable, Codable {
    public var promptTokens = 0
    /// Prompt tokens reused from the KV cache (the shared instruction prefix), not evaluated.
    public var cachedPromptTokens = 0
    public var generatedTokens = 0
    public var promptMilliseconds = 0.0
    public var generationMilliseconds = 0.0
    /// Model calls made (more than steps when degenerate output was retried).
    public var calls = 0

    public init() {}

    init(_ stats: GenerationStats?) {
        promptTokens = stats?.promptTokens ?? 0
        cachedPromptTokens = stats?.cachedPromptTokens ?? 0
        generatedTokens = stats?.generatedTokens ?? 0
        promptMilliseconds = stats?.promptMilliseconds ?? 0
        generationMilliseconds = stats?.generationMilliseconds ?? 0
        calls = 1
    }

    static func + (a: StepStats, b: StepStats) -> StepStats {
        var sum = a
        sum.promptTokens += b.promptTokens
        sum.cachedPromptTokens += b.cachedPromptTokens
        sum.generatedTokens += b.generatedTokens
        sum.promptMilliseconds += b.promptMilliseconds
        sum.generationMilliseconds += b.generationMilliseconds
        sum.calls += b.calls
        return sum
    }

    static func += (a: inout StepStats, b: StepStats) { a = a + b }

    /// Prompt tokens evaluated (not reused from the cache) per second of prompt time.
    public var promptTokensPerSecond: Double {
        promptMilliseconds > 0 ? Double(promptTokens - cachedPromptTokens) * 1000 / promptMilliseconds : 0
    }
    /// Tokens generated per second of generation time.
    public var generationTokensPerSecond: Double {
        generationMilliseconds > 0 ? Double(generatedTokens) * 1000 / generationMilliseconds : 0
    }

    enum CodingKeys: String, CodingKey {
        case calls
        case promptTokens = "prompt_tokens"
        case cachedPromptTokens = "cached_prompt_tokens"
        case generatedTokens = "generated_tokens"
        case promptMilliseconds = "prompt_ms"
        case generationMilliseconds = "generation_ms"
    }
}
