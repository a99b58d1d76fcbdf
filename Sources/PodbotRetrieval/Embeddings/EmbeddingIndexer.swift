import Foundation
import PodbotInference
import PodbotLibrary

/// Embeds every passage that has no vectors from the current model yet (its text, its windows and the window across
/// its boundary with the passage before it, see ``PassageVectors``), and stores the vectors.
///
/// Incremental: passages that already have a vector of this model and dimension are never embedded again. A
/// re-imported episode gets new passages (its old vectors go with the old passages, `ON DELETE CASCADE`), so
/// exactly the new or changed passages are embedded. Each batch is stored in one transaction, so an interrupted
/// run keeps what it finished.
public struct EmbeddingIndexer: Sendable {
    /// What one run did.
    public struct Report: Sendable, Equatable {
        /// The embedding model's name.
        public var model: String
        /// Passages embedded by this run.
        public var embedded: Int
        /// Passages with a vector of this model after the run.
        public var total: Int
        /// Passages in the library.
        public var passages: Int
        /// Wall time of the run.
        public var seconds: Double
    }

    public let library: Library
    public let embedder: any Embedder
    /// Passages per `embed` call and per transaction.
    public var batchSize: Int

    public init(library: Library, embedder: any Embedder, batchSize: Int = 64) {
        self.library = library
        self.embedder = embedder
        self.batchSize = max(1, batchSize)
    }

    /// Embeds what is missing; `progress(done, remainingAtStart)` is called after every batch.
    /// - Throws: `InferenceError` from the model, `LibraryError` from storage, `CancellationError`.
    public func run(progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        let started = Date()
        let model = PassageVectors.storageKey(for: embedder)
        let dimension = try await embedder.dimension()
        let before = try library.embeddingCoverage(model: model)
        let todo = before.passages - before.embedded
        var embedded = 0
        while true {
            try Task.checkCancellation()
            let batch = try library.passagesNeedingEmbedding(model: model, dimension: dimension, limit: batchSize)
            if batch.isEmpty { break }
            let texts = batch.map { PassageVectors.texts($0.text, previous: $0.previousText) }
            let vectors = try await embedder.embed(passages: texts.flatMap { $0 })
            guard vectors.count == texts.reduce(0, { $0 + $1.count }) else {
                throw InferenceError(
                    .engine, "\(embedder.modelName) returned \(vectors.count) vectors for \(texts.count) passages")
            }
            var next = 0
            let grouped = zip(batch, texts).map { passage, pieces in
                defer { next += pieces.count }
                return (passage.id, Array(vectors[next..<(next + pieces.count)]))
            }
            try library.storeEmbeddings(grouped, model: model, dimension: dimension)
            embedded += batch.count
            progress(embedded, todo)
            // A passage deleted between read and write is skipped by the store and not returned again.
            if embedded > todo + batchSize * 4 && todo >= 0 {
                let now = try library.embeddingCoverage(model: model)
                if now.embedded >= now.passages { break }
            }
        }
        let after = try library.embeddingCoverage(model: model)
        return Report(
            model: embedder.modelName, embedded: embedded, total: after.embedded, passages: after.passages,
            seconds: Date().timeIntervalSince(started))
    }
}
