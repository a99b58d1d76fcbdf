import Foundation
import GRDB

/// A passage's text, waiting to be embedded.
public struct PassageText: Sendable, Equatable {
    public var id: Int64
    public var text: String
}

/// Every stored vector of one model, loaded once into one contiguous row-major buffer.
public struct EmbeddingMatrix: Sendable {
    /// Passage id of each row.
    public var ids: [Int64]
    /// Length of each vector.
    public var dimension: Int
    /// `ids.count * dimension` floats, row after row.
    public var values: [Float]

    public init(ids: [Int64], dimension: Int, values: [Float]) {
        precondition(values.count == ids.count * dimension, "matrix shape mismatch")
        self.ids = ids
        self.dimension = dimension
        self.values = values
    }
}

extension Library {
    /// Passages without a vector from `model` of `dimension` (new, re-imported, or embedded by another model),
    /// in id order, at most `limit`.
    public func passagesNeedingEmbedding(model: String, dimension: Int, limit: Int) throws -> [PassageText] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.text FROM passage p
                    LEFT JOIN passage_embedding v ON v.passage_id = p.id
                    WHERE v.passage_id IS NULL OR v.model != ? OR v.dimension != ?
                    ORDER BY p.id LIMIT ?
                    """, arguments: [model, dimension, max(1, limit)]
            ).map { PassageText(id: $0["id"], text: $0["text"]) }
        }
    }

    /// How many passages have, and lack, a vector from `model`.
    public func embeddingCoverage(model: String) throws -> (embedded: Int, passages: Int) {
        try read { db in
            let embedded =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM passage_embedding WHERE model = ?", arguments: [model])
                ?? 0
            return (embedded, try Int.fetchOne(db, sql: "SELECT count(*) FROM passage") ?? 0)
        }
    }

    /// Stores vectors (one transaction), replacing any earlier vector of the same passages.
    /// Passages deleted since they were read are skipped.
    /// - Throws: `LibraryError` when a vector's length is not `dimension`, or for storage failures.
    public func storeEmbeddings(_ vectors: [(passageID: Int64, vector: [Float])], model: String, dimension: Int)
        throws
    {
        if let bad = vectors.first(where: { $0.vector.count != dimension }) {
            throw LibraryError(
                path: path ?? ":memory:",
                reason: "vector for passage \(bad.passageID) has \(bad.vector.count) values, expected \(dimension)")
        }
        let blobs = vectors.map { item in (item.passageID, item.vector.withUnsafeBytes { Data($0) }) }
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO passage_embedding(passage_id, model, dimension, vector)
                    SELECT id, ?, ?, ? FROM passage WHERE id = ?
                    """)
            for (id, blob) in blobs {
                try statement.execute(arguments: [model, dimension, blob, id])
            }
        }
    }

    /// All vectors of `model` in passage id order, as one contiguous buffer; `nil` when there are none.
    public func embeddingMatrix(model: String) throws -> EmbeddingMatrix? {
        let path = self.path ?? ":memory:"
        return try read { db in
            guard
                let dimension = try Int.fetchOne(
                    db, sql: "SELECT dimension FROM passage_embedding WHERE model = ? LIMIT 1", arguments: [model])
            else { return nil }
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM passage_embedding WHERE model = ? AND dimension = ?",
                    arguments: [model, dimension]) ?? 0
            var ids: [Int64] = []
            ids.reserveCapacity(count)
            var values = [Float](repeating: 0, count: count * dimension)
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT passage_id, vector FROM passage_embedding WHERE model = ? AND dimension = ? "
                    + "ORDER BY passage_id", arguments: [model, dimension])
            try values.withUnsafeMutableBytes { buffer in
                let rowBytes = dimension * MemoryLayout<Float>.size
                while let row = try cursor.next() {
                    guard ids.count < count else { break }
                    let id: Int64 = row["passage_id"]
                    let copied = try row.withUnsafeData(atIndex: 1) { data -> Int in
                        guard let data, data.count == rowBytes else { return -1 }
                        data.withUnsafeBytes { source in
                            buffer.baseAddress!.advanced(by: ids.count * rowBytes).copyMemory(
                                from: source.baseAddress!, byteCount: rowBytes)
                        }
                        return rowBytes
                    }
                    guard copied == rowBytes else {
                        throw LibraryError(path: path, reason: "vector of passage \(id) is damaged; run `podbot index`")
                    }
                    ids.append(id)
                }
            }
            return EmbeddingMatrix(ids: ids, dimension: dimension, values: Array(values.prefix(ids.count * dimension)))
        }
    }
}

extension Library {
    /// Every passage of one episode, id and text, in order.
    public func passageTexts(episode id: Int64) throws -> [PassageText] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, text FROM passage WHERE episode_id = ? ORDER BY ordinal", arguments: [id]
            ).map { PassageText(id: $0["id"], text: $0["text"]) }
        }
    }
}
