import Foundation
import PodbotLibrary
import PodbotRetrieval

/// Times the exact SIMD scan on a synthetic matrix (unit vectors from a seeded generator), and can write the same
/// matrix and queries as raw little-endian Float32 so another tool (faiss `IndexFlatIP`) scans identical data.
struct ScanBenchmark: Sendable {
    var rows: Int
    var dimension: Int
    var queries: Int
    var k: Int
    var seed: UInt64

    init(rows: Int, dimension: Int = 384, queries: Int = 50, k: Int = 50, seed: UInt64 = 42) {
        self.rows = rows
        self.dimension = dimension
        self.queries = queries
        self.k = k
        self.seed = seed
    }

    /// Timings of one run.
    struct Result: Sendable, Encodable {
        var rows: Int
        var dimension: Int
        var queries: Int
        var k: Int
        /// Median milliseconds per query.
        var medianMs: Double
        var meanMs: Double
        /// Matrix bytes read per query divided by the median time.
        var gigabytesPerSecond: Double
        /// Passage-row checksum of the top hits, to compare with another tool's results.
        var topIDs: [[Int64]]
    }

    /// Builds the data, optionally writes `matrix.f32` and `queries.f32` into `folder`, and times the scans.
    func run(writeTo folder: String? = nil) throws -> Result {
        var state = seed
        func next() -> Float {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(Double(z >> 11) / Double(1 << 53)) * 2 - 1
        }
        func unitRows(_ count: Int) -> [Float] {
            var values = [Float](repeating: 0, count: count * dimension)
            for row in 0..<count {
                var norm: Float = 0
                for i in 0..<dimension {
                    let v = next()
                    values[row * dimension + i] = v
                    norm += v * v
                }
                let scale = 1 / norm.squareRoot()
                for i in 0..<dimension { values[row * dimension + i] *= scale }
            }
            return values
        }
        let matrix = unitRows(rows)
        let queryValues = unitRows(queries)
        if let folder {
            try matrix.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: folder + "/matrix.f32")) }
            try queryValues.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: folder + "/queries.f32")) }
        }
        let index = VectorIndex(
            matrix: EmbeddingMatrix(ids: (0..<rows).map(Int64.init), dimension: dimension, values: matrix),
            model: "synthetic")
        let query = { (q: Int) in Array(queryValues[(q * self.dimension)..<((q + 1) * self.dimension)]) }
        _ = index.search(query(0), k: k)  // warm caches and pages
        var samples: [Double] = []
        var top: [[Int64]] = []
        for q in 0..<queries {
            let vector = query(q)
            let start = DispatchTime.now().uptimeNanoseconds
            let found = index.search(vector, k: k)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            top.append(found.prefix(5).map(\.passageID))
        }
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        let bytes = Double(rows * dimension * MemoryLayout<Float>.size)
        return Result(
            rows: rows, dimension: dimension, queries: queries, k: k, medianMs: median,
            meanMs: samples.reduce(0, +) / Double(samples.count), gigabytesPerSecond: bytes / (median / 1000) / 1e9,
            topIDs: top)
    }
}
