import Foundation
import PodbotEnrichment
import PodbotErrors
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval

/// Owns the models and the retriever; nothing is loaded until the first request that needs it.
///
/// The embedder loads on the first hybrid search, the chat model on the first ask, so the server starts in
/// milliseconds. Retrieval without the vectors it needs falls back to BM25, and says why once through `notice`:
/// the embedding model cannot be loaded (tried again a minute later, so a model fetched meanwhile is picked up),
/// the library has no vectors yet, or some passages have none.
public actor ModelHub {
    let library: Library
    let overrides: InferenceConfiguration.Overrides
    /// Receives each one-line reason retrieval is weaker than asked (the CLI prints it on stderr).
    let notice: @Sendable (String) -> Void
    private var embedder: (any Embedder)?
    /// When the embedding model last failed to load, and why; it is not tried again for ``embedderRetryInterval``.
    private var embedderFailure: (at: ContinuousClock.Instant, error: any Error)?
    /// The second embedding model (``InferenceConfiguration/secondEmbedding``) once loaded, and whether it is
    /// still to be tried: a hub made with its own embedder ranks with that one alone.
    private var secondEmbedder: (any Embedder)?
    private var secondPending: Bool
    /// When the second model last failed to load, and why; like the first, it is not tried again for
    /// ``embedderRetryInterval``, and until then asking for it fails the same way.
    private var secondFailure: (at: ContinuousClock.Instant, error: any Error)?
    /// Loads the second embedding model a configuration names.
    private let loadSecond: @Sendable (InferenceConfiguration) throws -> (any Embedder)?
    private var generator: (any TextGenerator)?
    private var hybrid: Retriever?
    private var noticed: Set<String> = []

    /// How long a failed embedding model load is remembered.
    static let embedderRetryInterval = Duration.seconds(60)

    /// A hub over the models `overrides` and the configuration name; none is loaded yet. Tools that need only
    /// retrieval (`podbot eval`, the benchmarks) make one directly.
    public init(
        library: Library, overrides: InferenceConfiguration.Overrides = .init(),
        notice: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.init(library: library, generator: nil, embedder: nil, overrides: overrides, notice: notice)
    }

    /// A hub over models the caller has already made: `generator` answers, `embedder` (when given) embeds
    /// questions. The configured models are still loaded for whichever of the two is missing.
    init(
        library: Library, generator: (any TextGenerator)?, embedder: (any Embedder)?,
        overrides: InferenceConfiguration.Overrides, notice: @escaping @Sendable (String) -> Void,
        loadSecond: @escaping @Sendable (InferenceConfiguration) throws -> (any Embedder)? =
            InferenceBackends.secondEmbedder
    ) {
        self.library = library
        self.overrides = overrides
        self.notice = notice
        self.generator = generator
        self.embedder = embedder
        self.secondPending = embedder == nil
        self.loadSecond = loadSecond
    }

    /// A retriever for `mode`; BM25 needs no model, and the other modes fall back to it without their vectors.
    public func retriever(for mode: RetrievalMode) -> Retriever {
        let bm25 = Retriever(library: library, embedder: nil, index: nil)
        guard mode != .bm25 else { return bm25 }
        if let hybrid { return hybrid }
        guard let embedder = loadEmbedder() else { return bm25 }
        let retriever: Retriever
        do {
            retriever = try Retriever(library: library, embedder: embedder)
        } catch {
            tell("the passage vectors could not be read (\(error)); using BM25")
            return bm25
        }
        if !retriever.hasVectors {
            let stale = !((try? library.embeddingKeys()) ?? []).isEmpty
            tell(
                stale
                    ? "this library's passage embeddings were made by another model, with another passage prefix "
                        + "or by an earlier podbot (run `podbot index` to embed them again); using BM25"
                    : "no passage embeddings in this library yet (run `podbot index`); using BM25")
        } else if let missing = unembedded(by: embedder) {
            tell("\(missing) passages have no embedding yet (run `podbot index`); vector search skips them")
        }
        var ranked = retriever
        if retriever.hasVectors, let second = loadSecondEmbedder() { ranked.second = secondVectors(of: second) }
        hybrid = ranked
        return ranked
    }

    /// The second model's vectors in this library, or `nil` when it has none or they cannot be read (said once
    /// through `notice`: retrieval goes on with the first model's).
    private func secondVectors(of second: any Embedder) -> Retriever.SecondVectors? {
        let key = PassageVectors.storageKey(for: second)
        let index: VectorIndex
        do {
            guard let loaded = try VectorIndex.load(from: library, model: key) else {
                tell("no \(second.modelName) embeddings in this library yet (run `podbot index`); ranking without them")
                return nil
            }
            index = loaded
        } catch {
            tell("the \(second.modelName) vectors could not be read (\(error)); ranking without them")
            return nil
        }
        if let missing = unembedded(by: second) {
            tell(
                "\(missing) passages have no \(second.modelName) embedding yet (run `podbot index`); its ranking "
                    + "skips them")
        }
        return Retriever.SecondVectors(embedder: second, index: index)
    }

    /// How many passages have no vector from `embedder` yet, or `nil` when none lacks one (or the count fails).
    private func unembedded(by embedder: any Embedder) -> Int? {
        guard let coverage = try? library.embeddingCoverage(model: PassageVectors.storageKey(for: embedder)),
            coverage.embedded < coverage.passages
        else { return nil }
        return coverage.passages - coverage.embedded
    }

    /// The second embedding model when one is configured and loads; a failure is said once through `notice`, and
    /// retrieval goes on with the first model alone.
    func loadSecondEmbedder() -> (any Embedder)? {
        do {
            return try requireSecondEmbedder()
        } catch {
            tell("\(error); ranking with the first embedding model alone")
            return nil
        }
    }

    /// The second embedding model, or `nil` when none is configured.
    /// - Throws: the `InferenceError` of the last attempt to load it when it cannot be loaded (it is tried again
    ///   after ``embedderRetryInterval``): a configured model that failed is never taken for one not configured,
    ///   whose vectors `podbot index` would delete.
    public func requireSecondEmbedder() throws -> (any Embedder)? {
        guard secondPending else { return secondEmbedder }
        if let secondFailure, secondFailure.at.duration(to: .now) < Self.embedderRetryInterval {
            throw secondFailure.error
        }
        do {
            secondEmbedder = try loadSecond(InferenceConfiguration.resolve(overrides: overrides))
            secondPending = false
            secondFailure = nil
            return secondEmbedder
        } catch {
            secondFailure = (.now, error)
            throw error
        }
    }

    /// The embedding model, loaded on first use; `nil` when it cannot be loaded, which is said once through
    /// `notice` with what the caller does instead (`fallback`).
    public func loadEmbedder(fallback: String = "using BM25") -> (any Embedder)? {
        do {
            return try requireEmbedder()
        } catch {
            tell("\(error); \(fallback)")
            return nil
        }
    }

    /// The embedding model, for work that cannot do without it.
    /// - Throws: the `InferenceError` of the last attempt to load it when it cannot be loaded (it is tried again
    ///   after ``embedderRetryInterval``).
    public func requireEmbedder() throws -> any Embedder {
        if let embedder { return embedder }
        if let embedderFailure, embedderFailure.at.duration(to: .now) < Self.embedderRetryInterval {
            throw embedderFailure.error
        }
        do {
            let configuration = try InferenceConfiguration.resolve(overrides: overrides)
            let loaded = try InferenceBackends.embedder(configuration)
            embedder = loaded
            embedderFailure = nil
            return loaded
        } catch {
            embedderFailure = (.now, error)
            throw error
        }
    }

    /// The chat model, loaded on first use.
    /// - Throws: `InferenceError` when it cannot be loaded (the API answers 503).
    public func textGenerator() throws -> any TextGenerator {
        if let generator { return generator }
        let configuration = try InferenceConfiguration.resolve(overrides: overrides)
        let loaded = try InferenceBackends.textGenerator(configuration)
        generator = loaded
        return loaded
    }

    /// The CPU threads configured for the engines (`--threads`, `PODBOT_THREADS`, the configuration file), or `nil`
    /// to follow the cores other processes leave free. Transcription takes the same.
    public nonisolated func configuredThreads() throws -> Int? {
        try InferenceConfiguration.resolve(overrides: overrides).engine.threads
    }

    /// Enrichment settings that fit the configured chat model's context.
    public func enrichmentSettings() throws -> EnrichmentSettings {
        let configuration = try InferenceConfiguration.resolve(overrides: overrides)
        return EnrichmentSettings(contextTokens: configuration.engine.contextSize)
    }

    /// Forgets the loaded vectors, after an import or an index job changed them.
    public func invalidateVectors() {
        hybrid = nil
        noticed = []
    }

    /// Passes `message` on once until the vectors change.
    private func tell(_ message: String) {
        guard noticed.insert(message).inserted else { return }
        notice(message)
    }
}
