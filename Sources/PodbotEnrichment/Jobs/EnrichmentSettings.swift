import PodbotInference

/// How enrichment jobs chunk, prompt and sample.
public struct EnrichmentSettings: Sendable, Hashable {
    /// Chunk window and overlap.
    public var chunking: ChunkingParameters
    /// The model's context window in tokens (the reduce step collapses partial summaries to fit it).
    public var contextTokens: Int
    /// Most tokens generated per map step, per reduce/collapse step, per chapter title and per question step.
    public var mapMaxTokens = 220
    public var reduceMaxTokens = 480
    public var titleMaxTokens = 24
    public var questionMaxTokens = 160
    /// Repeat penalty of the first attempt (small models loop without one); retries raise it.
    public var repeatPenalty = 1.15
    /// Reuse the KV cache of the instruction prefix shared by consecutive calls.
    public var cachePrompt = true
    /// Whether `summarize` also makes chapters.
    public var chapters = true
    /// Whether `summarize` asks the model to combine the grounded map sentences into two paragraphs (the reduce
    /// step). Off by default: Qwen2.5-Coder-0.5B's reduce told only the episode's first part in 3 of 3 CSV episodes,
    /// so the summary was the map sentences anyway, and the step cost 44 s of a 353 s run (BENCHMARKS.md).
    public var reduce = false
    /// Share of each chunk's words a map step reads, its most central sentences (``MapInput``); 1 reads all.
    /// 0.4 summarized the three CSV episodes in 381 s against 431 s at 0.5, every sentence still supported
    /// (BENCHMARKS.md, session 11).
    public static let defaultMapInputShare = 0.4
    public var mapInputShare = defaultMapInputShare
    /// Questions whose embeddings have at least this cosine similarity with an earlier kept one are dropped.
    public var duplicateSimilarity: Float = 0.88

    public init(chunking: ChunkingParameters = ChunkingParameters(), contextTokens: Int = 4096) {
        self.chunking = chunking
        self.contextTokens = contextTokens
    }

    /// Greedy decoding with the repeat penalty, as every step starts.
    func options(maxTokens: Int, grammar: String? = nil) -> GenerationOptions {
        var options = GenerationOptions.greedy(maxTokens: maxTokens)
        options.repeatPenalty = repeatPenalty
        options.grammar = grammar
        options.cachePrompt = cachePrompt
        return options
    }

    /// - Throws: ``EnrichmentError`` when a chunk and its reply cannot fit the context.
    func validate() throws {
        try chunking.validate()
        guard mapInputShare > 0.1, mapInputShare <= 1 else {
            throw EnrichmentError(
                "the share of a chunk a map step reads must be above 0.1 and at most 1, not \(mapInputShare) (--map-share)"
            )
        }
        let needed = chunking.tokens + 200 + max(mapMaxTokens, questionMaxTokens)
        guard needed <= contextTokens else {
            throw EnrichmentError(
                "chunks of \(chunking.tokens) tokens need a context of at least \(needed) tokens but it is "
                    + "\(contextTokens); lower --chunk-tokens or raise --context-size")
        }
    }
}
