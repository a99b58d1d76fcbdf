import Foundation
import GRDB

/// A passage's text, waiting to be embedded.
public struct PassageText: Sendable, Equatable {
    public var id: Int64
    public var text: String
    /// The text of the passage before it in its episode, when it was read (``Library/passagesNeedingEmbedding``).
    public var previousText: String?

    public init(id: Int64, text: String, previousText: String? = nil) {
        self.id = id
        self.text = text
        self.previousText = previousText
    }
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
    /// Passages without a vector from `model` of `dimension` (new, re-imported, or embedded only by other models),
    /// in id order, at most `limit`, each with the text of the passage before it in its episode.
    public func passagesNeedingEmbedding(model: String, dimension: Int, limit: Int) throws -> [PassageText] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.text, (
                        SELECT q.text FROM passage q WHERE q.episode_id = p.episode_id AND q.ordinal < p.ordinal
                        ORDER BY q.ordinal DESC LIMIT 1
                    ) AS previous FROM passage p
                    LEFT JOIN passage_embedding v ON v.passage_id = p.id AND v.model = ? AND v.dimension = ?
                    WHERE v.passage_id IS NULL
                    ORDER BY p.id LIMIT ?
                    """, arguments: [model, dimension, max(1, limit)]
            ).map { PassageText(id: $0["id"], text: $0["text"], previousText: $0["previous"]) }
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

    /// The keys (model and recipe) the library holds vectors under.
    public func embeddingKeys() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT model FROM passage_embedding ORDER BY model") }
    }

    /// Deletes the vectors of every key but `keys` (a model no longer configured; one transaction), so a library
    /// holds only vectors that are read. Returns how many passages' vectors went.
    @discardableResult
    public func removeEmbeddings(keeping keys: [String]) throws -> Int {
        try write { db in
            let marks = keys.map { _ in "?" }.joined(separator: ", ")
            try db.execute(
                sql: "DELETE FROM passage_embedding"
                    + (keys.isEmpty ? "" : " WHERE model NOT IN (\(marks))"),
                arguments: StatementArguments(keys))
            return db.changesCount
        }
    }

    /// Stores each passage's vectors (one transaction), replacing any earlier vectors of the same passages under
    /// `model`. A passage may have several vectors (its whole text and windows of it), stored together.
    /// Passages deleted since they were read are skipped.
    /// - Throws: `LibraryError` when a passage has no vector or a vector's length is not `dimension`, or for
    ///   storage failures.
    public func storeEmbeddings(
        _ vectors: [(passageID: Int64, vectors: [[Float]])], model: String, dimension: Int
    ) throws {
        for item in vectors {
            guard !item.vectors.isEmpty else {
                throw LibraryError(path: path ?? ":memory:", reason: "no vector for passage \(item.passageID)")
            }
            if let bad = item.vectors.first(where: { $0.count != dimension }) {
                throw LibraryError(
                    path: path ?? ":memory:",
                    reason: "vector for passage \(item.passageID) has \(bad.count) values, expected \(dimension)")
            }
        }
        let blobs = vectors.map { item in (item.passageID, item.vectors.flatMap { $0 }.withUnsafeBytes { Data($0) }) }
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

    /// All vectors of `model` in passage id order, as one contiguous buffer (a passage with several vectors has
    /// consecutive rows); `nil` when there are none.
    public func embeddingMatrix(model: String) throws -> EmbeddingMatrix? {
        let path = self.path ?? ":memory:"
        return try read { db in
            guard
                let dimension = try Int.fetchOne(
                    db, sql: "SELECT dimension FROM passage_embedding WHERE model = ? LIMIT 1", arguments: [model])
            else { return nil }
            let rowBytes = dimension * MemoryLayout<Float>.size
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT coalesce(sum(length(vector)), 0) FROM passage_embedding WHERE model = ? AND dimension = ?",
                    arguments: [model, dimension]) ?? 0
            let rows = count / max(1, rowBytes)
            var ids: [Int64] = []
            ids.reserveCapacity(rows)
            var values = [Float](repeating: 0, count: rows * dimension)
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT passage_id, vector FROM passage_embedding WHERE model = ? AND dimension = ? "
                    + "ORDER BY passage_id", arguments: [model, dimension])
            try values.withUnsafeMutableBytes { buffer in
                while let row = try cursor.next() {
                    let id: Int64 = row["passage_id"]
                    let copied = try row.withUnsafeData(atIndex: 1) { data -> Int in
                        guard let data, !data.isEmpty, data.count % rowBytes == 0,
                            (ids.count + data.count / rowBytes) <= rows
                        else { return -1 }
                        data.withUnsafeBytes { source in
                            buffer.baseAddress!.advanced(by: ids.count * rowBytes).copyMemory(
                                from: source.baseAddress!, byteCount: data.count)
                        }
                        return data.count / rowBytes
                    }
                    guard copied > 0 else {
                        throw LibraryError(path: path, reason: "vector of passage \(id) is damaged; run `podbot index`")
                    }
                    ids += repeatElement(id, count: copied)
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
