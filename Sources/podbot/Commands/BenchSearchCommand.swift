import ArgumentParser
import Foundation
import PodbotLibrary

/// `podbot bench search`: times `Library.search` in-process over a file of queries.
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Measure search latency over a file of queries (one per line).",
        discussion: """
            Each query runs through the same search as `podbot search`, snippets included, in this process; \
            latency is wall time on a monotonic clock. Warm-up passes run every query first and are not \
            counted. Percentiles are nearest-rank.
            """)

    @OptionGroup var options: LibraryOptions
    @Option(
        help: ArgumentHelp(
            "File of queries, one per line; blank lines and lines starting with # are skipped.", valueName: "file"))
    var queries: String
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
        let library = try options.openForReading()
        for _ in 0..<warmup {
            for text in texts { _ = try library.search(SearchQuery(text, limit: limit)) }
        }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(texts.count * rounds)
        var hits = 0
        var empty = 0
        let total = try clock.measure {
            for _ in 0..<rounds {
                for text in texts {
                    var found: [SearchHit] = []
                    let elapsed = try clock.measure { found = try library.search(SearchQuery(text, limit: limit)) }
                    samples.append(elapsed)
                    hits += found.count
                    if found.isEmpty { empty += 1 }
                }
            }
        }
        let report = Report(
            library: options.path, queries: texts.count, rounds: rounds, warmup: warmup, limit: limit, samples: samples,
            total: total, hits: hits, emptyResults: empty)
        if json { return try Terminal.printJSON(report) }
        print(report.text)
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
            library: String, queries: Int, rounds: Int, warmup: Int, limit: Int, samples durations: [Duration],
            total: Duration, hits: Int, emptyResults: Int
        ) {
            let ms = durations.map(Self.milliseconds).sorted()
            func percentile(_ p: Double) -> Double {
                ms[Swift.max(0, Int((p / 100 * Double(ms.count)).rounded(.up)) - 1)]
            }
            self.library = library
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
            queriesPerSecond = Double(ms.count) / (Self.milliseconds(total) / 1000)
            self.hits = hits
            self.emptyResults = emptyResults
        }

        static func milliseconds(_ duration: Duration) -> Double {
            let parts = duration.components
            return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        }

        enum CodingKeys: String, CodingKey {
            case library, queries, rounds, warmup, limit, samples, hits
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
                \(samples) searches (\(queries) queries × \(rounds) rounds, top \(limit), \(warmup) warm-up passes)
                latency ms: p50 \(f(p50))  p90 \(f(p90))  p99 \(f(p99))  mean \(f(mean))  max \(f(max))  min \(f(min))
                \(String(format: "%.1f", queriesPerSecond)) queries/s; \(hits) hits, \(emptyResults) searches found nothing
                """
        }
    }
}
