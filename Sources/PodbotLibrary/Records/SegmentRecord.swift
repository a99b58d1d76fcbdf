import GRDB

/// A row of `segment`: one run of speech, in transcript order.
struct SegmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "segment"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var episodeId: Int64
    var ordinal: Int
    var speaker: String?
    var startMs: Int?
    var endMs: Int?
    var text: String
    /// Non-speech tags as a JSON array, `nil` when there are none.
    var nonSpeech: [String]?
    /// The source marks a change of (unnamed) speaker here, like a Whisper line's leading `- `.
    var speakerChange: Bool
}
