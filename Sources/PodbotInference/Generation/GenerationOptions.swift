/// How to sample a generation. Every backend honours every field (the OpenAI-compatible one passes them on).
public struct GenerationOptions: Sendable, Hashable, Codable {
    /// The most tokens to generate; generation also ends at the model's end-of-generation token or a stop sequence.
    public var maxTokens: Int
    /// Softmax temperature; `0` means greedy decoding (always the most likely token).
    public var temperature: Double
    /// Keep only the `topK` most likely tokens (`0` disables).
    public var topK: Int
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches `topP` (`1` disables).
    public var topP: Double
    /// Drop tokens less likely than `minP` times the most likely one (`0` disables).
    public var minP: Double
    /// Penalty for repeating one of the last 64 tokens (`1` disables).
    public var repeatPenalty: Double
    /// Seed of the sampler's random number generator, for reproducible sampling.
    public var seed: UInt32
    /// Generation stops before the first occurrence of any of these strings; the stop string is not emitted.
    public var stop: [String]
    /// Keep generating past the end-of-generation token. Only for benchmarks (fixed-length generation).
    public var ignoreEndOfGeneration: Bool
    /// A GBNF grammar (root rule `root`) the output must match; `nil` leaves it free. The in-process engine samples
    /// through llama.cpp's grammar sampler; the OpenAI-compatible client sends it as llama-server's `grammar` field.
    public var grammar: String?
    /// Keep the KV cache of the longest prefix this prompt shares with the previous one and evaluate only the rest
    /// (llama-server's `cache_prompt`). Saves prompt processing when calls share an instruction prefix.
    public var cachePrompt: Bool

    public init(
        maxTokens: Int = 512, temperature: Double = 0.7, topK: Int = 40, topP: Double = 0.95, minP: Double = 0.05,
        repeatPenalty: Double = 1.1, seed: UInt32 = 42, stop: [String] = [], ignoreEndOfGeneration: Bool = false,
        grammar: String? = nil, cachePrompt: Bool = false
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repeatPenalty = repeatPenalty
        self.seed = seed
        self.stop = stop
        self.ignoreEndOfGeneration = ignoreEndOfGeneration
        self.grammar = grammar
        self.cachePrompt = cachePrompt
    }

    private enum CodingKeys: String, CodingKey {
        case maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, stop, ignoreEndOfGeneration, grammar
        case cachePrompt
    }

    /// Decodes, treating the fields added later (`grammar`, `cachePrompt`) as optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxTokens: try c.decode(Int.self, forKey: .maxTokens),
            temperature: try c.decode(Double.self, forKey: .temperature),
            topK: try c.decode(Int.self, forKey: .topK), topP: try c.decode(Double.self, forKey: .topP),
            minP: try c.decode(Double.self, forKey: .minP),
            repeatPenalty: try c.decode(Double.self, forKey: .repeatPenalty),
            seed: try c.decode(UInt32.self, forKey: .seed), stop: try c.decode([String].self, forKey: .stop),
            ignoreEndOfGeneration: try c.decode(Bool.self, forKey: .ignoreEndOfGeneration),
            grammar: try c.decodeIfPresent(String.self, forKey: .grammar),
            cachePrompt: try c.decodeIfPresent(Bool.self, forKey: .cachePrompt) ?? false)
    }

    /// Greedy decoding: temperature 0, no repeat penalty; the same prompt always gives the same text.
    public static func greedy(maxTokens: Int = 512, stop: [String] = []) -> GenerationOptions {
        GenerationOptions(maxTokens: maxTokens, temperature: 0, repeatPenalty: 1, stop: stop)
    }
}
