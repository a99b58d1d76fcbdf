import Foundation
import GRDB

/// Names one enrichment job's per-chunk outputs: everything an output depends on, so a changed chunking, model or
/// prompt never reuses a stale one.
public struct ChunkJobKey: Sendable, Hashable {
    /// The episode.
    public var episodeID: Int64
    /// What was computed, e.g. `summary.map`, `questions`.
    public var task: String
    /// The chunking parameters, e.g. `tokens=1000,overlap=0,v1`.
    public var chunking: String
    /// The model's name.
    public var model: String
    /// The prompt's version, e.g. `summary.map.v1`.
    public var promptVersion: String

    public init(episodeID: Int64, task: String, chunking: String, model: String, promptVersion: String) {
        self.episodeID = episodeID
        self.task = task
        self.chunking = chunking
        self.model = model
        self.promptVersion = promptVersion
    }
}

/// One stored per-chunk output of an enrichment job.
public struct StoredChunkOutput: Sendable, Hashable {
    /// The chunk (or step) index within the job.
    public var index: Int
    /// The model's cleaned output.
    public var output: String
    /// JSON with token counts and timings, as the job wrote it.
    public var details: String?

    public init(index: Int, output: String, details: String?) {
        self.index = index
        self.output = output
        self.details = details
    }
}

/// A generated chapter: timed episodes give `startMs`; untimed ones a `position` in 0...1 and first words.
public struct GeneratedChapter: Sendable, Hashable {
    public var title: String
    public var startMs: Int?
    public var position: Double?
    public var firstWords: String?

    public init(title: String, startMs: Int?, position: Double?, firstWords: String?) {
        self.title = title
        self.startMs = startMs
        self.position = position
        self.firstWords = firstWords
    }
}

/// A generated listener question and the chunk it came from.
public struct GeneratedQuestion: Sendable, Hashable {
    public var text: String
    public var chunk: Int

    public init(text: String, chunk: Int) {
        self.text = text
        self.chunk = chunk
    }
}

extension Library {
    /// The stored outputs of job `key`, by chunk index.
    public func chunkOutputs(_ key: ChunkJobKey) throws -> [Int: StoredChunkOutput] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT chunk_index, output, details FROM enrichment_chunk
                    WHERE episode_id = ? AND task = ? AND chunking = ? AND model = ? AND prompt_version = ?
                    """,
                arguments: [key.episodeID, key.task, key.chunking, key.model, key.promptVersion])
            var outputs: [Int: StoredChunkOutput] = [:]
            for row in rows {
                let index: Int = row["chunk_index"]
                outputs[index] = StoredChunkOutput(index: index, output: row["output"], details: row["details"])
            }
            return outputs
        }
    }

    /// Stores (or replaces) the output of chunk `index` of job `key`, in its own transaction, so it survives a kill.
    public func storeChunkOutput(_ key: ChunkJobKey, index: Int, output: String, details: String?) throws {
        let now = Self.timestamp()
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO enrichment_chunk
                        (episode_id, task, chunk_index, chunking, model, prompt_version, output, details, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.episodeID, key.task, index, key.chunking, key.model, key.promptVersion, output, details, now,
                ])
        }
    }

    /// How many per-chunk outputs are stored for `episode` (of `task` when given, which may end in `*` to match a
    /// prefix, e.g. `summary.*`).
    public func chunkOutputCount(episode: Int64, task: String? = nil) throws -> Int {
        try read { db in
            guard let task else {
                return try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM enrichment_chunk WHERE episode_id = ?", arguments: [episode]) ?? 0
            }
            let pattern = task.hasSuffix("*") ? Self.escapeLike(String(task.dropLast())) + "%" : Self.escapeLike(task)
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM enrichment_chunk WHERE episode_id = ? AND task LIKE ? ESCAPE '\\'",
                arguments: [episode, pattern]) ?? 0
        }
    }

    /// Stores podbot's summary of `episode` (origin `generated`), replacing any summary, in one transaction.
    ///
    /// An imported summary it replaces is kept inside `details` (key `replaced_imported_summary`), since the table
    /// holds one summary per episode.
    /// - Returns: `false` when the same generated summary (text, model, details) was already stored.
    @discardableResult
    public func replaceGeneratedSummary(episode: Int64, text: String, model: String, details: String?) throws -> Bool {
        let now = Self.timestamp()
        return try write { db in
            let existing = try SummaryRecord.fetchOne(db, key: episode)
            var details = details
            let imported = existing?.origin == .imported ? existing?.text : Self.replacedImport(existing?.details)
            if let imported { details = Self.merging(details, key: "replaced_imported_summary", value: imported) }
            if let existing, existing.origin == .generated, existing.text == text, existing.model == model,
                existing.details == details
            {
                return false
            }
            try SummaryRecord(
                episodeId: episode, text: text, origin: .generated, model: model, details: details, createdAt: now
            ).save(db)
            return true
        }
    }

    /// Replaces the chapters of `episode`, in one transaction.
    /// - Returns: `false` when the same chapters were already stored.
    @discardableResult
    public func replaceChapters(episode: Int64, _ chapters: [GeneratedChapter]) throws -> Bool {
        try write { db in
            let existing = try ChapterRecord.filter(Column("episode_id") == episode).order(Column("ordinal"))
                .fetchAll(db)
                .map {
                    GeneratedChapter(
                        title: $0.title, startMs: $0.startMs, position: $0.position, firstWords: $0.firstWords)
                }
            if existing == chapters { return false }
            try ChapterRecord.filter(Column("episode_id") == episode).deleteAll(db)
            for (ordinal, chapter) in chapters.enumerated() {
                try ChapterRecord(
                    episodeId: episode, ordinal: ordinal, title: chapter.title, startMs: chapter.startMs,
                    position: chapter.position, firstWords: chapter.firstWords
                ).insert(db)
            }
            return true
        }
    }

    /// Replaces the generated questions of `episode` (imported ones stay), in one transaction.
    /// - Returns: `false` when the same questions were already stored.
    @discardableResult
    public func replaceGeneratedQuestions(episode: Int64, _ questions: [GeneratedQuestion]) throws -> Bool {
        try write { db in
            let generated = QuestionRecord.filter(Column("episode_id") == episode)
                .filter(Column("origin") == EnrichmentOrigin.generated.rawValue)
            let existing = try generated.order(Column("ordinal")).fetchAll(db)
                .map { GeneratedQuestion(text: $0.text, chunk: $0.chunk ?? -1) }
            if existing == questions { return false }
            try generated.deleteAll(db)
            for (ordinal, question) in questions.enumerated() {
                var record = QuestionRecord(
                    id: nil, episodeId: episode, ordinal: ordinal, text: question.text, chunk: question.chunk,
                    origin: .generated)
                try record.insert(db)
            }
            return true
        }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    private static func object(_ json: String?) -> [String: Any]? {
        guard let json, let data = json.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The imported summary a generated one replaced, if any.
    public func replacedImportedSummary(episode: Int64) throws -> String? {
        try read { db in
            try SummaryRecord.fetchOne(db, key: episode).flatMap { Self.replacedImport($0.details) }
        }
    }

    private static func replacedImport(_ details: String?) -> String? {
        object(details)?["replaced_imported_summary"] as? String
    }

    private static func merging(_ details: String?, key: String, value: String) -> String? {
        var object = object(details) ?? [:]
        object[key] = value
        return serialize(object)
    }

    private static func serialize(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
