import GRDB

/// A row of `show`.
struct ShowRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "show"
    var id: Int64?
    var name: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The id of the show named `name`, inserting it if it is new.
    static func findOrCreate(named name: String, in db: Database) throws -> Int64 {
        if let existing = try ShowRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) {
            return existing.id!
        }
        var record = ShowRecord(id: nil, name: name)
        try record.insert(db)
        return record.id!
    }
}
