import GRDB

/// A row of `import_source`: provenance of one imported file.
struct SourceRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "import_source"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: Int64?
    var path: String
    var format: String
    var sha256: String
    var bytes: Int
    var importedAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
