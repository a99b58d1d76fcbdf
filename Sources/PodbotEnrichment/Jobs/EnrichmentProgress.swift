/// Where a long enrichment job is: sent after every step, reused or generated.
public struct EnrichmentProgress: Sendable, Hashable, Codable {
    /// The episode.
    public var episode: Int64
    /// The step kind, e.g. `summary.map`, `questions`.
    public var task: String
    /// Steps of this task finished so far (1-based) and in all.
    public var step: Int
    public var total: Int
    /// Whether this step's output came from the store (a resumed run).
    public var reused: Bool
    /// Generation speed of this run's model calls so far (prompt plus generated tokens per second of model time).
    public var tokensPerSecond: Double?
    /// Estimated seconds left for this task, from the mean time of this run's model calls.
    public var etaSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case episode, task, step, total, reused
        case tokensPerSecond = "tokens_per_second"
        case etaSeconds = "eta_seconds"
    }
}

/// Receives progress; called on the job's task, so it should return quickly.
public typealias EnrichmentProgressHandler = @Sendable (EnrichmentProgress) -> Void
