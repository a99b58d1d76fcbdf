import GRDB

/// A row of `passage`: the unit of search and citation, about a paragraph long, inside one episode.
struct PassageRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "passage"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: Int64?
    var episodeId: Int64
    var ordinal: Int
    var firstSegment: Int
    var lastSegment: Int
    /// Speakers joined by ", ", or `nil` when the transcript names none.
    var speakers: String?
    var startMs: Int?
    var endMs: Int?
    var text: String
    var words: Int

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
