import GRDB

extension Library {
    /// Full-text search over passages, ranked by BM25.
    public func search(_ query: SearchQuery) throws -> [SearchHit] {
        guard let match = FTSQuery.make(query.text) else { return [] }
        var sql = """
            SELECT p.id, p.episode_id, e.title, e.url, s.name AS show, p.speakers, p.start_ms, p.end_ms, p.text,
                   snippet(passage_fts, 0, '«', '»', '…', 40) AS snippet, bm25(passage_fts) AS rank
            FROM passage_fts
            JOIN passage p ON p.id = passage_fts.rowid
            JOIN episode e ON e.id = p.episode_id
            LEFT JOIN show s ON s.id = e.show_id
            WHERE passage_fts MATCH ?
            """
        var arguments: StatementArguments = [match]
        if let episodeID = query.episodeID {
            sql += " AND p.episode_id = ?"
            arguments += [episodeID]
        }
        if let speaker = query.speaker, !speaker.isEmpty {
            sql += " AND p.speakers LIKE ? ESCAPE '\\'"
            arguments += ["%" + Self.escapeLike(speaker) + "%"]
        }
        if let show = query.show, !show.isEmpty {
            sql += " AND s.name = ? COLLATE NOCASE"
            arguments += [show]
        }
        sql += " ORDER BY rank LIMIT ?"
        arguments += [max(1, query.limit)]
        let finalSQL = sql
        let finalArguments = arguments
        return try read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map { row in
                let start: Int? = row["start_ms"]
                return SearchHit(
                    passageID: row["id"], episodeID: row["episode_id"], title: row["title"], show: row["show"],
                    text: row["text"], snippet: row["snippet"], speaker: row["speakers"],
                    startSeconds: start.map(seconds), endSeconds: (row["end_ms"] as Int?).map(seconds),
                    score: -(row["rank"] as Double), url: DeepLink.url(row["url"], seconds: start.map(seconds)))
            }
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
