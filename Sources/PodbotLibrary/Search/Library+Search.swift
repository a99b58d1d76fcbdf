import GRDB

extension Library {
    /// BM25 top `limit` of the OR of `parts` (FTSQuery's phrases and terms) under SQL `conditions` on
    /// `p` (passage), `e` (episode) and `s` (show), with snippets, in two statements on the caller's snapshot.
    ///
    /// The first ranks every match but carries only rowid and score through the sort; the second joins the
    /// episode and makes snippets for the top rows alone. (One statement would join, copy the text of and
    /// snippet every matching passage before sorting: 2× the time at 5 MB.)
    static func rankedSearch(
        parts: [String], conditions: [String], arguments: StatementArguments, limit: Int, _ db: Database
    ) throws -> [SearchHit] {
        let match = parts.joined(separator: " OR ")
        let rankSQL =
            conditions.isEmpty
            ? "SELECT rowid, bm25(passage_fts) AS rank FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank LIMIT ?"
            : """
            SELECT passage_fts.rowid, bm25(passage_fts) AS rank
            FROM passage_fts
            JOIN passage p ON p.id = passage_fts.rowid
            JOIN episode e ON e.id = p.episode_id
            LEFT JOIN show s ON s.id = e.show_id
            WHERE passage_fts MATCH ? AND \(conditions.joined(separator: " AND "))
            ORDER BY rank LIMIT ?
            """
        let ranked = try Row.fetchAll(
            db, sql: rankSQL, arguments: [match] + arguments + [max(1, limit)]
        ).map { (id: $0[0] as Int64, rank: $0[1] as Double) }
        guard !ranked.isEmpty else { return [] }
        // `+rowid` keeps the id list a filter on one pass over the matches: as a constraint FTS5 would rerun
        // the whole MATCH once per id.
        let marks = Array(repeating: "?", count: ranked.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.id, p.episode_id, p.ordinal, \(Library.episodePassagesColumn), e.title, e.url,
                       s.name AS show, p.speakers, p.start_ms, p.end_ms, p.text,
                       snippet(passage_fts, 0, '«', '»', '…', 40) AS snippet
                FROM passage_fts
                CROSS JOIN passage p ON p.id = passage_fts.rowid
                JOIN episode e ON e.id = p.episode_id
                LEFT JOIN show s ON s.id = e.show_id
                WHERE passage_fts MATCH ? AND +passage_fts.rowid IN (\(marks))
                """,
            arguments: [match] + StatementArguments(ranked.map(\.id)))
        var byID: [Int64: Row] = [:]
        for row in rows { byID[row["id"]] = row }
        return ranked.compactMap { hit in
            byID[hit.id].map { Self.hit($0, score: -hit.rank, snippet: $0["snippet"]) }
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
