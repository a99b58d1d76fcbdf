import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotLibrary
import PodbotRetrieval

/// `podbot bench search`: times `Library.searchBM25` (what users hit) or a retriever in-process over a file of queries.
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Measure search latency over a file of queries (one per line).",
        discussion: """
            Each query runs through the same search as `podbot search --mode`, snippets included, in this \
            process; latency is wall time on a monotonic clock (for vector and hybrid it includes embedding the \
            query). Warm-up passes run every query first and are not counted. Percentiles are nearest-rank.

            --random-vectors first gives every passage without a vector a random unit vector under the \
            embedding model's name, so the scan over a large library can be timed without embedding it all \
            (143,644 passages take hours on 2 cores). Latency does not depend on the values; rankings do, so use \
            it only on a throwaway benchmark library.
            """)

    @OptionGroup var options: LibraryOptions
    @Option(
        help: ArgumentHelp(
            "File of queries, one per line; blank lines and lines starting with # are skipped.", valueName: "file"))
    var queries: String
    @Option(help: "bm25, vector or hybrid.") var mode: RetrievalMode = .bm25
    @OptionGroup var embedding: EmbeddingOptions
    @Flag(help: "Fill missing passage vectors with random unit vectors first (benchmark libraries only).")
    var randomVectors = false
    @Option(help: "Results per query.") var limit: Int = 10
    @Option(help: "Untimed passes over all queries before measuring.") var warmup: Int = 1
    @Option(help: "Timed passes over all queries; every run of every query is one sample.") var rounds: Int = 1
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more") }
        guard rounds > 0 else { throw ValidationError("--rounds must be positive") }
    }

    func run() async throws {
        let texts = try Self.readQueries(queries)
        if randomVectors { try await fillRandomVectors() }
        let library = try options.openForReading()
        let retriever = await RetrieverFactory.make(library: library, embedding: embedding, mode: mode)
        let search: (String) async throws -> [SearchHit] = { [mode, limit] text in
            mode == .bm25
                ? try library.searchBM25(text, limit: limit)
                : try await retriever.retrieve(text, mode: mode, filter: PassageFilter(), k: limit).passages.map(\.hit)
        }
        for _ in 0..<warmup {
            for text in texts { _ = try await search(text) }
        }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(texts.count * rounds)
        var hits = 0
        var empty = 0
        let started = clock.now
        for _ in 0..<rounds {
            for text in texts {
                let start = clock.now
                let found = try await search(text)
                samples.append(clock.now - start)
                hits += found.count
                if found.isEmpty { empty += 1 }
            }
        }
        let report = Report(
            library: options.path, mode: mode.rawValue, queries: texts.count, rounds: rounds, warmup: warmup,
            limit: limit, samples: samples, total: clock.now - started, hits: hits, emptyResults: empty)
        if json { return try Terminal.printJSON(report) }
        print(report.text)
    }

    /// Stores random unit vectors, as many as ``PassageVectors`` would make, for every passage the embedding model
    /// has not embedded.
    private func fillRandomVectors() async throws {
        let library = try options.open()
        let embedder = try embedding.embedder()
        let dimension = try await embedder.dimension()
        let model = PassageVectors.storageKey(for: embedder)
        while true {
            let missing = try library.passagesNeedingEmbedding(model: model, dimension: dimension, limit: 10_000)
            if missing.isEmpty { break }
            let vectors = missing.map { passage in
                let rows = PassageVectors.texts(passage.text, previous: passage.previousText).map { _ in
                    var vector = (0..<dimension).map { _ in Float.random(in: -1...1) }
                    let norm = (vector.reduce(0) { $0 + $1 * $1 }).squareRoot()
                    for i in vector.indices { vector[i] /= norm }
                    return vector
                }
                return (passageID: passage.id, vectors: rows)
            }
            try library.storeEmbeddings(vectors, model: model, dimension: dimension)
        }
    }

    static func readQueries(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ValidationError("--queries: cannot read \(path) as UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else { throw ValidationError("--queries: \(path) holds no queries") }
        return lines
    }

    /// Latency figures in milliseconds, as printed with `--json`.
    struct Report: Encodable {
        var library: String
        var mode: String
        var queries: Int
        var rounds: Int
        var warmup: Int
        var limit: Int
        var samples: Int
        var p50: Double
        var p90: Double
        var p99: Double
        var mean: Double
        var max: Double
        var min: Double
        var queriesPerSecond: Double
        var hits: Int
        var emptyResults: Int

        init(
            library: String, mode: String, queries: Int, rounds: Int, warmup: Int, limit: Int,
            samples durations: [Duration],
            total: Duration, hits: Int, emptyResults: Int
        ) {
            let ms = durations.map { $0 / .milliseconds(1) }.sorted()
            func percentile(_ p: Double) -> Double {
                ms[Swift.max(0, Int((p / 100 * Double(ms.count)).rounded(.up)) - 1)]
            }
            self.library = library
            self.mode = mode
            self.queries = queries
            self.rounds = rounds
            self.warmup = warmup
            self.limit = limit
            self.samples = ms.count
            p50 = percentile(50)
            p90 = percentile(90)
            p99 = percentile(99)
            mean = ms.reduce(0, +) / Double(ms.count)
            max = ms.last!
            min = ms.first!
            queriesPerSecond = Double(ms.count) / (total / .seconds(1))
            self.hits = hits
            self.emptyResults = emptyResults
        }

        enum CodingKeys: String, CodingKey {
            case library, mode, queries, rounds, warmup, limit, samples, hits
            case mean = "mean_ms"
            case max = "max_ms"
            case min = "min_ms"
            case p50 = "p50_ms"
            case p90 = "p90_ms"
            case p99 = "p99_ms"
            case queriesPerSecond = "queries_per_second"
            case emptyResults = "empty_results"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(library, forKey: .library)
            try container.encode(queries, forKey: .queries)
            try container.encode(rounds, forKey: .rounds)
            try container.encode(warmup, forKey: .warmup)
            try container.encode(limit, forKey: .limit)
            try container.encode(samples, forKey: .samples)
            try container.encode(Self.round(p50), forKey: .p50)
            try container.encode(Self.round(p90), forKey: .p90)
            try container.encode(Self.round(p99), forKey: .p99)
            try container.encode(Self.round(mean), forKey: .mean)
            try container.encode(Self.round(max), forKey: .max)
            try container.encode(Self.round(min), forKey: .min)
            try container.encode(Self.round(queriesPerSecond), forKey: .queriesPerSecond)
            try container.encode(hits, forKey: .hits)
            try container.encode(emptyResults, forKey: .emptyResults)
        }

        private static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

        var text: String {
            func f(_ value: Double) -> String { String(format: "%.3f", value) }
            return """
                \(samples) \(mode) searches (\(queries) queries × \(rounds) rounds, top \(limit), \(warmup) warm-up passes)
                latency ms: p50 \(f(p50))  p90 \(f(p90))  p99 \(f(p99))  mean \(f(mean))  max \(f(max))  min \(f(min))
                \(String(format: "%.1f", queriesPerSecond)) queries/s; \(hits) hits, \(emptyResults) searches found nothing
                """
        }
    }
}
