import GRDB

/// Where an enrichment came from: the imported source, or podbot's own model run.
public enum EnrichmentOrigin: String, Codable, Sendable {
    case imported
    case generated
}

/// A row of `summary`: at most one per episode.
struct SummaryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "summary"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var episodeId: Int64
    var text: String
    var origin: EnrichmentOrigin
    var model: String?
    /// JSON with prompt version, chunking parameters, token counts and timings.
    var details: String?
    var createdAt: String
}

/// A row of `question`.
struct QuestionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "question"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: Int64?
    var episodeId: Int64
    var ordinal: Int
    var text: String
    var chunk: Int?
    var origin: EnrichmentOrigin

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `chapter`. Timed episodes have `startMs`; untimed ones a `position` in 0...1 and first words.
struct ChapterRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chapter"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var episodeId: Int64
    var ordinal: Int
    var title: String
    var startMs: Int?
    var position: Double?
    var firstWords: String?
}
