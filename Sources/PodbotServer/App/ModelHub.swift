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
/// milliseconds. A model that fails to load is remembered: hybrid search then falls back to BM25.
actor ModelHub {
    let library: Library
    let overrides: InferenceConfiguration.Overrides
    private var embedder: (any Embedder)?
    private var embedderFailed = false
    private var generator: (any TextGenerator)?
    private var hybrid: Retriever?

    init(library: Library, overrides: InferenceConfiguration.Overrides) {
        self.library = library
        self.overrides = overrides
    }

    /// A retriever for `mode`; BM25 needs no model.
    func retriever(for mode: RetrievalMode) -> Retriever {
        let bm25 = Retriever(library: library, embedder: nil, index: nil)
        guard mode != .bm25 else { return bm25 }
        if let hybrid { return hybrid }
        guard let embedder = loadEmbedder() else { return bm25 }
        guard let retriever = try? Retriever(library: library, embedder: embedder) else { return bm25 }
        hybrid = retriever
        return retriever
    }

    /// The embedding model, loaded on first use; `nil` when it cannot be loaded.
    func loadEmbedder() -> (any Embedder)? {
        if let embedder { return embedder }
        if embedderFailed { return nil }
        do {
            let configuration = try InferenceConfiguration.resolve(overrides: overrides)
            embedder = try InferenceBackends.embedder(configuration)
        } catch {
            embedderFailed = true
        }
        return embedder
    }

    /// The chat model, loaded on first use.
    /// - Throws: `InferenceError` when it cannot be loaded (the API answers 503).
    func textGenerator() throws -> any TextGenerator {
        if let generator { return generator }
        let configuration = try InferenceConfiguration.resolve(overrides: overrides)
        let loaded = try InferenceBackends.textGenerator(configuration)
        generator = loaded
        return loaded
    }

    /// The embedding model for a job that cannot do without it.
    /// - Throws: an unavailable ``ServiceError`` when it cannot be loaded.
    func requireEmbedder() throws -> any Embedder {
        guard let embedder = loadEmbedder() else {
            throw ServiceError(.unavailable, "the embedding model could not be loaded", retryAfter: 60)
        }
        return embedder
    }

    /// The chat model and the enrichment settings that fit its context.
    func enrichment() throws -> (any TextGenerator, EnrichmentSettings) {
        let configuration = try InferenceConfiguration.resolve(overrides: overrides)
        return (try textGenerator(), EnrichmentSettings(contextTokens: configuration.engine.contextSize))
    }

    /// Forgets the loaded vectors, after an import or an index job changed them.
    func invalidateVectors() { hybrid = nil }
}
