import PodbotLibrary

/// Exact nearest-neighbour search by inner product over unit vectors (= cosine similarity).
///
/// A passage may have several rows (its whole text and windows of it); its similarity is the best of its rows.
///
/// All vectors live in one contiguous, row-major `[Float]` loaded once; a query scans every row (or only the rows
/// a filter allows) with `SIMD16<Float>` multiply-adds, so the scan runs at close to memory bandwidth: a
/// 100,000 × 384 Float32 matrix is 154 MB, read once per query.
public struct VectorIndex: Sendable {
    /// Passage id of each row, ascending; a passage with several vectors has consecutive rows.
    public let ids: [Int64]
    /// Each passage's rows: `ids[start..<end]` are all `id`.
    private let groups: [(id: Int64, start: Int, end: Int)]
    /// Length of each vector.
    public let dimension: Int
    /// The model the vectors came from.
    public let model: String
    private let values: [Float]

    /// Wraps a loaded matrix. Rows must be sorted by passage id (``Library/embeddingMatrix(model:)`` is).
    public init(matrix: EmbeddingMatrix, model: String) {
        self.ids = matrix.ids
        self.dimension = matrix.dimension
        self.values = matrix.values
        self.model = model
        var groups: [(id: Int64, start: Int, end: Int)] = []
        for (row, id) in matrix.ids.enumerated() {
            if let last = groups.last, last.id == id {
                groups[groups.count - 1].end = row + 1
            } else {
                groups.append((id, row, row + 1))
            }
        }
        self.groups = groups
    }

    /// Loads every vector of `model` from the library; `nil` when the library has none.
    public static func load(from library: Library, model: String) throws -> VectorIndex? {
        try library.embeddingMatrix(model: model).map { VectorIndex(matrix: $0, model: model) }
    }

    /// Number of vectors.
    public var count: Int { ids.count }

    /// Number of passages with vectors.
    public var passages: Int { groups.count }

    /// One passage and its similarity to the query.
    public struct Match: Sendable, Equatable {
        public var passageID: Int64
        /// Inner product with the query; the cosine when both are unit length.
        public var score: Float
    }

    /// The `k` passages most similar to `query`, best first; only passages whose id is in `allowed` when it is given.
    public func search(_ query: [Float], k: Int, allowed: Set<Int64>? = nil) -> [Match] {
        search(query, k: k, allowed: allowed, alsoWithin: nil).all
    }

    /// ``search(_:k:allowed:)``, and from the same pass over the vectors the `k` best of those in `subset`.
    public func search(_ query: [Float], k: Int, allowed: Set<Int64>?, alsoWithin subset: Set<Int64>?)
        -> (all: [Match], within: [Match])
    {
        guard query.count == dimension, k > 0, !ids.isEmpty else { return ([], []) }
        var top = TopK(capacity: k)
        var topWithin = TopK(capacity: k)
        query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { matrix in
                func offer(_ group: Int) {
                    let (id, start, end) = groups[group]
                    var best = Self.dot(q, matrix, row: start, dimension: dimension)
                    for row in (start + 1)..<max(start + 1, end) {
                        best = max(best, Self.dot(q, matrix, row: row, dimension: dimension))
                    }
                    top.offer(best, group)
                    if subset?.contains(id) == true { topWithin.offer(best, group) }
                }
                if let allowed {
                    for group in self.groups(allowed) { offer(group) }
                } else {
                    for group in groups.indices { offer(group) }
                }
            }
        }
        let matches = { (heap: TopK) in heap.sorted().map { Match(passageID: self.groups[$0.row].id, score: $0.score) }
        }
        return (matches(top), subset == nil ? [] : matches(topWithin))
    }

    /// The similarity of one passage to `query` (the best of its rows), or `nil` when the passage has no vector.
    public func score(passageID: Int64, query: [Float]) -> Float? {
        guard query.count == dimension, let group = group(of: passageID) else { return nil }
        let (_, start, end) = groups[group]
        return query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { matrix in
                (start..<end).map { Self.dot(q, matrix, row: $0, dimension: dimension) }.max()
            }
        }
    }

    /// The row of one passage most similar to `query` (0 is the whole passage, then its windows in order, as
    /// ``PassageVectors/texts(_:)`` lists them) and its similarity; `nil` when the passage has no vector.
    public func bestRow(passageID: Int64, query: [Float]) -> (row: Int, score: Float)? {
        guard query.count == dimension, let group = group(of: passageID) else { return nil }
        let (_, start, end) = groups[group]
        return query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { matrix in
                (start..<end).map { ($0 - start, Self.dot(q, matrix, row: $0, dimension: dimension)) }
                    .max { $0.1 < $1.1 }
            }
        }
    }

    /// The similarity of one passage's whole text (its first row, not its windows) to `query`, or `nil` when the
    /// passage has no vector. The coverage gate reads this: windows are short, and a short text can be close to
    /// an unrelated question by chance.
    public func wholePassageScore(passageID: Int64, query: [Float]) -> Float? {
        guard query.count == dimension, let group = group(of: passageID) else { return nil }
        return query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { Self.dot(q, $0, row: groups[group].start, dimension: dimension) }
        }
    }

    /// The similarity of two stored passages (their first rows: the whole passages), or `nil` when either has
    /// no vector.
    public func similarity(_ a: Int64, _ b: Int64) -> Float? {
        guard let groupA = group(of: a), let groupB = group(of: b) else { return nil }
        let rowA = groups[groupA].start
        return values.withUnsafeBufferPointer { buffer in
            Self.dot(
                UnsafeBufferPointer(rebasing: buffer[(rowA * dimension)..<((rowA + 1) * dimension)]), buffer,
                row: groups[groupB].start, dimension: dimension)
        }
    }

    /// Group of a passage id (binary search over the sorted groups).
    func group(of passageID: Int64) -> Int? {
        var low = 0
        var high = groups.count
        while low < high {
            let middle = (low + high) / 2
            if groups[middle].id < passageID { low = middle + 1 } else { high = middle }
        }
        return low < groups.count && groups[low].id == passageID ? low : nil
    }

    private func groups(_ allowed: Set<Int64>) -> [Int] {
        allowed.compactMap(group(of:)).sorted()
    }

    /// Dot product of the query with one row: 16 lanes at a time with two accumulators, then the scalar tail.
    @inline(__always)
    static func dot(
        _ query: UnsafeBufferPointer<Float>, _ matrix: UnsafeBufferPointer<Float>, row: Int, dimension: Int
    ) -> Float {
        let q = UnsafeRawPointer(query.baseAddress!)
        let r = UnsafeRawPointer(matrix.baseAddress! + row * dimension)
        let stride = MemoryLayout<SIMD16<Float>>.size
        var a0 = SIMD16<Float>()
        var a1 = SIMD16<Float>()
        var i = 0
        while i + 32 <= dimension {
            let byte = i * MemoryLayout<Float>.size
            a0 +=
                q.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
                * r.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
            a1 +=
                q.loadUnaligned(fromByteOffset: byte + stride, as: SIMD16<Float>.self)
                * r.loadUnaligned(fromByteOffset: byte + stride, as: SIMD16<Float>.self)
            i += 32
        }
        if i + 16 <= dimension {
            let byte = i * MemoryLayout<Float>.size
            a0 +=
                q.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
                * r.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
            i += 16
        }
        var sum = (a0 + a1).sum()
        while i < dimension {
            sum += query[i] * matrix[row * dimension + i]
            i += 1
        }
        return sum
    }
}

/// The best `capacity` scores seen, kept as a binary min-heap so a rejected row costs one comparison.
struct TopK {
    let capacity: Int
    private var heap: [(score: Float, row: Int)] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func offer(_ score: Float, _ row: Int) {
        if heap.count < capacity {
            heap.append((score, row))
            siftUp(heap.count - 1)
        } else if score > heap[0].score {
            heap[0] = (score, row)
            siftDown(0)
        }
    }

    /// Best first; ties by row, so results are deterministic.
    func sorted() -> [(score: Float, row: Int)] {
        heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].score < heap[parent].score else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].score < heap[smallest].score { smallest = left }
            if right < heap.count, heap[right].score < heap[smallest].score { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
