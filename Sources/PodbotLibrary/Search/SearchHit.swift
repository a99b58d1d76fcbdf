/// One passage found by a search, as `podbot search --json` prints it.
public struct SearchHit: Sendable, Equatable, Encodable {
    public var passageID: Int64
    public var episodeID: Int64
    public var title: String
    public var show: String?
    public var text: String
    /// The passage with matched terms wrapped in `«` `»`, trimmed around the matches.
    public var snippet: String
    /// Speakers of the passage joined by ", ", or null when unknown.
    public var speaker: String?
    public var startSeconds: Double?
    public var endSeconds: Double?
    /// Higher is better (negated BM25).
    public var score: Double
    /// A link to the moment when the source supports one (YouTube `t=`), else the episode URL, else null.
    public var url: String?

    enum CodingKeys: String, CodingKey {
        case title, show, text, snippet, speaker, score, url
        case passageID = "passage_id"
        case episodeID = "episode_id"
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(episodeID, forKey: .episodeID)
        try container.encode(title, forKey: .title)
        try container.encode(text, forKey: .text)
        try container.encode(speaker, forKey: .speaker)
        try container.encode(startSeconds, forKey: .startSeconds)
        try container.encode(endSeconds, forKey: .endSeconds)
        try container.encode(score, forKey: .score)
        try container.encode(url, forKey: .url)
        try container.encode(passageID, forKey: .passageID)
        try container.encode(show, forKey: .show)
        try container.encode(snippet, forKey: .snippet)
    }
}
