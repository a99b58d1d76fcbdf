/// Something that turns texts into unit-length vectors: the in-process llama.cpp embedder or an
/// OpenAI-compatible server.
public protocol Embedder: Sendable {
    /// A human-readable name of the model.
    var modelName: String { get }

    /// The length of every vector `embed` returns.
    func dimension() async throws -> Int

    /// One L2-normalised vector per text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]

    /// `embed(_:)` while `others` more embeddings run at the same time in this process: an embedder that computes
    /// on this machine's cores takes its share of them, so that together they ask for no more threads than there
    /// are cores (an OpenMP thread that shares its core stalls the rest of its team). An embedder that computes
    /// elsewhere (a server) ignores it, as the default implementation does.
    func embed(_ texts: [String], alongside others: Int) async throws -> [[Float]]

    /// What the model reads before a search query and before a passage: `embed(queries:)` and `embed(passages:)`
    /// put them there (`embed` itself embeds texts as given).
    var prefixes: EmbeddingPrefixes { get }
}

extension Embedder {
    public var prefixes: EmbeddingPrefixes { .none }

    public func embed(_ texts: [String], alongside others: Int) async throws -> [[Float]] {
        try await embed(texts)
    }

    /// One vector per question searched for, each read after the query prefix; `others` as in
    /// ``embed(_:alongside:)``.
    public func embed(queries: [String], alongside others: Int = 0) async throws -> [[Float]] {
        let prefix = prefixes.query
        return try await embed(queries.map { prefix + $0 }, alongside: others)
    }

    /// One vector per passage text stored for search, each read after the passage prefix.
    public func embed(passages: [String]) async throws -> [[Float]] {
        let prefix = prefixes.document
        return try await embed(passages.map { prefix + $0 })
    }
}

/// An embedder with the prefixes its model was trained with (``InferenceConfiguration/embeddingPrefixes``).
public struct PrefixedEmbedder: Embedder {
    public let base: any Embedder
    public let prefixes: EmbeddingPrefixes

    public init(_ base: any Embedder, prefixes: EmbeddingPrefixes) {
        self.base = base
        self.prefixes = prefixes
    }

    public var modelName: String { base.modelName }
    public func dimension() async throws -> Int { try await base.dimension() }
    public func embed(_ texts: [String]) async throws -> [[Float]] { try await base.embed(texts) }
    public func embed(_ texts: [String], alongside others: Int) async throws -> [[Float]] {
        try await base.embed(texts, alongside: others)
    }
}

/// Vector helpers shared by the backends and their callers.
public enum VectorMath {
    /// Cosine similarity of two vectors of equal length (0 when either is zero).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "cosine of vectors of different lengths")
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        let denominator = (na * nb).squareRoot()
        return denominator > 0 ? dot / denominator : 0
    }

    /// `vector` scaled to unit length (unchanged when it is zero).
    public static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
