import GRDB

/// Which passages a retrieval may return: every field narrows the set; `nil` means "any".
public struct PassageFilter: Sendable, Equatable {
    /// Only this episode.
    public var episodeID: Int64?
    /// Only this show (exact name, any case).
    public var show: String?
    /// Case-insensitive part of a speaker's name ("jeremy" matches "Jeremy Howard").
    public var speaker: String?
    /// Only episodes published on or after this day, `YYYY-MM-DD`.
    public var publishedFrom: String?
    /// Only episodes published on or before this day, `YYYY-MM-DD`.
    public var publishedTo: String?

    public init(
        episodeID: Int64? = nil, show: String? = nil, speaker: String? = nil, publishedFrom: String? = nil,
        publishedTo: String? = nil
    ) {
        self.episodeID = episodeID
        self.show = show.flatMap { $0.isEmpty ? nil : $0 }
        self.speaker = speaker.flatMap { $0.isEmpty ? nil : $0 }
        self.publishedFrom = publishedFrom.flatMap { $0.isEmpty ? nil : $0 }
        self.publishedTo = publishedTo.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the filter lets every passage through.
    public var isEmpty: Bool {
        episodeID == nil && show == nil && speaker == nil && publishedFrom == nil && publishedTo == nil
    }

    /// SQL conditions on `p` (passage), `e` (episode) and `s` (show), joined by AND, with their arguments.
    func conditions() -> (sql: [String], arguments: StatementArguments) {
        var sql: [String] = []
        var arguments = StatementArguments()
        if let episodeID {
            sql.append("p.episode_id = ?")
            arguments += [episodeID]
        }
        if let speaker {
            sql.append("p.speakers LIKE ? ESCAPE '\\'")
            arguments += ["%" + Library.escapeLike(speaker) + "%"]
        }
        if let show {
            sql.append("s.name = ? COLLATE NOCASE")
            arguments += [show]
        }
        if let publishedFrom {
            sql.append("e.published >= ?")
            arguments += [publishedFrom]
        }
        if let publishedTo {
            // A bare day includes the whole day even when `published` carries a time.
            sql.append("substr(e.published, 1, 10) <= ?")
            arguments += [publishedTo]
        }
        return (sql, arguments)
    }
}
