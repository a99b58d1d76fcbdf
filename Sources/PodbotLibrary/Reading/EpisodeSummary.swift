/// An episode as `podbot list --json` and `GET /api/v1/episodes` show it. Unknown values encode as null.
public struct EpisodeSummary: Sendable, Equatable, Encodable {
    public var id: Int64
    public var title: String
    public var show: String?
    public var url: String?
    /// `YYYY-MM-DD`.
    public var published: String?
    public var durationSeconds: Double?
    public var words: Int
    /// Number of segments.
    public var segments: Int
    public var speakers: [String]
    public var hasTimestamps: Bool

    /// Whether the episode belongs to the show named `name` (any case): how every front end filters by show.
    public func isInShow(_ name: String) -> Bool { show?.caseInsensitiveCompare(name) == .orderedSame }

    enum CodingKeys: String, CodingKey {
        case id, title, show, url, published, words, segments, speakers
        case durationSeconds = "duration_seconds"
        case hasTimestamps = "has_timestamps"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &container)
        try container.encode(segments, forKey: .segments)
    }

    /// Every field but the segment count, which `EpisodeDetail` replaces with the segments themselves.
    func encodeFields(into container: inout KeyedEncodingContainer<CodingKeys>) throws {
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(show, forKey: .show)
        try container.encode(url, forKey: .url)
        try container.encode(published, forKey: .published)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(words, forKey: .words)
        try container.encode(speakers, forKey: .speakers)
        try container.encode(hasTimestamps, forKey: .hasTimestamps)
    }
}
