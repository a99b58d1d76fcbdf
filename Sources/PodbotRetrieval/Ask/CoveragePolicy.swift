/// When the library counts as covering a question.
///
/// Before generation: the best cosine similarity between the question and any candidate passage must reach
/// ``minimumCosine`` (all-MiniLM-L6-v2; calibrated on the corpus, see BENCHMARKS.md). Without vectors, the best
/// BM25 hit must match at least ``minimumBM25`` (negated BM25). After generation: the answer must not be the
/// model's refusal, must cite at least one passage, and its content words must be supported by the cited
/// passages (``SupportCheck``).
public struct CoveragePolicy: Sendable, Equatable {
    /// Least best-candidate cosine for a question to count as covered.
    public var minimumCosine: Float
    /// Least best negated BM25 score when the library has no vectors.
    public var minimumBM25: Double
    /// Least ``SupportCheck/support(of:in:)`` of the answer by its cited passages.
    public var minimumSupport: Double

    public init(
        minimumCosine: Float = 0.32, minimumBM25: Double = 8, minimumSupport: Double = SupportCheck.defaultThreshold
    ) {
        self.minimumCosine = minimumCosine
        self.minimumBM25 = minimumBM25
        self.minimumSupport = minimumSupport
    }

    /// The calibrated defaults.
    public static let `default` = CoveragePolicy()
}
