import PodbotEnrichment
import PodbotInference
import PodbotLibrary
import PodbotRetrieval

/// Enrichment through the facade: which episodes a job covers, its models and settings, and what the library's
/// readers must forget afterwards. `podbot summarize`, `questions` and `index` and the server's jobs of the same
/// names call these.
extension Podbot {
    /// Summarises `episodes` (every episode when empty) one after the other and makes their chapters, storing each
    /// step as it is made, so the same call after an interruption continues where it stopped.
    /// - Parameters:
    ///   - settings: chunking, context and steps; the configured chat model's defaults when `nil`.
    ///   - embeddings: whether topic changes are found with the embedding model; without it, or when it cannot be
    ///     loaded (said once through the notice), by the passages' words.
    ///   - each: receives each episode's report as soon as it is made.
    /// - Throws: ``EnrichmentError`` naming the episode and step, `InferenceError`, ``LibraryError`` (an episode
    ///   not found). Episodes finished before stay stored.
    @discardableResult
    public func summarize(
        _ episodes: [Int64], settings: EnrichmentSettings? = nil, embeddings: Bool = true,
        progress: EnrichmentProgressHandler? = nil, each: (SummaryReport) async throws -> Void = { _ in }
    ) async throws -> [SummaryReport] {
        let settings = try await enrichmentSettings(settings)
        let embedder =
            embeddings && settings.chapters
            ? await models.loadEmbedder(fallback: "finding chapters by the passages' words") : nil
        let summarizer = Summarizer(
            library: library, generator: try await models.textGenerator(), embedder: embedder, settings: settings,
            progress: progress)
        return try await forEach(of: episodes, each: each) { try await summarizer.summarize(episode: $0) }
    }

    /// Writes the questions a listener would ask of `episodes` (every episode when empty), each kept only when
    /// asking it back finds its own moment, without near-duplicates.
    /// - Parameters:
    ///   - settings: chunking, context and the duplicate similarity; the configured chat model's defaults when `nil`.
    ///   - embeddings: whether questions are asked back with hybrid search and near-duplicates found by the
    ///     embedding model; without it, or when it cannot be loaded (said once), BM25 and exact repeats.
    ///   - each: receives each episode's report as soon as it is made.
    @discardableResult
    public func writeQuestions(
        _ episodes: [Int64], settings: EnrichmentSettings? = nil, embeddings: Bool = true,
        progress: EnrichmentProgressHandler? = nil, each: (QuestionReport) async throws -> Void = { _ in }
    ) async throws -> [QuestionReport] {
        let settings = try await enrichmentSettings(settings)
        let embedder =
            embeddings
            ? await models.loadEmbedder(fallback: "asking questions back with BM25, exact repeats only") : nil
        let questions = QuestionGenerator(
            library: library, generator: try await models.textGenerator(), embedder: embedder,
            retriever: await models.retriever(for: embedder == nil ? .bm25 : .hybrid), settings: settings,
            progress: progress)
        return try await forEach(of: episodes, each: each) { try await questions.generate(episode: $0) }
    }

    /// What ``indexEmbeddings(batchSize:progress:)`` did, per embedding model.
    public struct IndexReport: Sendable, Equatable {
        public var first: EmbeddingIndexer.Report
        /// The second embedding model's run, when one is configured.
        public var second: EmbeddingIndexer.Report?
        /// Passages whose vectors from models no longer configured were deleted.
        public var removed: Int
        /// Why the second embedding model, configured but not loaded, embedded nothing: the first model ran alone
        /// and no model's vectors were deleted.
        public var secondFailure: String?
    }

    /// Embeds the passages that have no vector from the embedding models yet (each batch saved as it finishes),
    /// deletes vectors of models no longer configured, and makes the next hybrid search load the vectors again.
    ///
    /// A second model that is configured but cannot be loaded does not stop the first: its failure is reported in
    /// ``IndexReport/secondFailure``, and nothing is deleted, so its vectors are there when its file is repaired.
    /// - Parameter progress: `(done, to do at the start)` after every batch, over both models.
    /// - Throws: `InferenceError` when the embedding model cannot be loaded or a model fails, ``LibraryError``.
    public func indexEmbeddings(
        batchSize: Int = 64, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> IndexReport {
        var embedders = [try await models.requireEmbedder()]
        var secondFailure: String?
        do {
            if let second = try await models.requireSecondEmbedder() { embedders.append(second) }
        } catch {
            secondFailure = "\(error)"
        }
        let keys = embedders.map { PassageVectors.storageKey(for: $0) }
        let todo = try keys.reduce(0) { total, key in
            let coverage = try library.embeddingCoverage(model: key)
            return total + max(0, coverage.passages - coverage.embedded)
        }
        var reports: [EmbeddingIndexer.Report] = []
        for embedder in embedders {
            let offset = reports.reduce(0) { $0 + $1.embedded }
            reports.append(
                try await EmbeddingIndexer(library: library, embedder: embedder, batchSize: batchSize).run {
                    done, _ in progress(offset + done, max(todo, offset + done))
                })
        }
        let removed = secondFailure == nil ? try library.removeEmbeddings(keeping: keys) : 0
        if reports.contains(where: { $0.embedded > 0 }) || removed > 0 { await models.invalidateVectors() }
        return IndexReport(
            first: reports[0], second: reports.count > 1 ? reports[1] : nil, removed: removed,
            secondFailure: secondFailure)
    }

    /// `given`, or the configured chat model's defaults.
    private func enrichmentSettings(_ given: EnrichmentSettings?) async throws -> EnrichmentSettings {
        if let given { return given }
        return try await models.enrichmentSettings()
    }

    /// Runs `work` on `episodes` (every episode in the library when empty) one after the other, passing each
    /// report to `each` as soon as it is made.
    private func forEach<Report>(
        of episodes: [Int64], each: (Report) async throws -> Void, _ work: (Int64) async throws -> Report
    ) async throws -> [Report] {
        let ids = episodes.isEmpty ? try await self.episodes().map(\.id) : episodes
        var reports: [Report] = []
        for id in ids {
            let report = try await work(id)
            reports.append(report)
            try await each(report)
        }
        return reports
    }
}
