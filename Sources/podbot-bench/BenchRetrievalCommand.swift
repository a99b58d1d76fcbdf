import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotRetrieval

/// `podbot bench-vectors`: times the exact SIMD vector scan; can write the data for faiss to scan too.
struct BenchVectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Time the exact SIMD vector scan on synthetic unit vectors (see scripts/bench/vector_scan.sh).")

    @Option(help: "Vectors in the matrix.") var rows = 100_000
    @Option(help: "Vector length.") var dimension = 384
    @Option(help: "Timed queries.") var queries = 50
    @Option(help: "Results per query.") var k = 50
    @Option(help: "Folder to write matrix.f32 and queries.f32 into.") var write: String?

    func run() async throws {
        let result = try ScanBenchmark(rows: rows, dimension: dimension, queries: queries, k: k).run(writeTo: write)
        try Terminal.printJSON(result)
    }
}
