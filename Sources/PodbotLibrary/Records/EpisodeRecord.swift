import GRDB

/// A row of `episode`. List-valued columns hold JSON arrays.
struct EpisodeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "episode"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: Int64?
    var sourceId: Int64
    var sourceIndex: Int
    var showId: Int64?
    var title: String
    var url: String?
    var published: String?
    var durationMs: Int?
    var words: Int
    var hosts: [String]
    var guests: [String]
    var speakers: [String]
    var segmentCount: Int
    var hasTimestamps: Bool

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
