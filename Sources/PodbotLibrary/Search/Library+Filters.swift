import GRDB

extension Library {
    /// Full-text search over passages ranked by BM25, with every ``PassageFilter`` field (dates included).
    ///
    /// With `expandRareTerms`, a query word that no passage holds is also matched by vocabulary words one or two
    /// letters away ("Lukas" finds the transcript's "Lucas"), because speech recognition mishears names, and by
    /// its two halves as a phrase ("TorchScript" finds "torch script"); the alternatives join the query with OR.
    /// - Parameters:
    ///   - text: What the user typed; quoted words stay a phrase.
    ///   - filter: Which passages may be returned.
    ///   - limit: Most hits.
    ///   - expandRareTerms: Add close spellings of rare query words.
    public func searchBM25(
        _ text: String, filter: PassageFilter = PassageFilter(), limit: Int = 10, expandRareTerms: Bool = true
    ) throws -> [SearchHit] {
        try viewing { snapshot in
            try snapshot.searchBM25(text, filter: filter, limit: limit, expandRareTerms: expandRareTerms)
        }
    }

    /// The ids of every passage `filter` lets through.
    public func passageIDs(matching filter: PassageFilter) throws -> Set<Int64> {
        try viewing { try $0.passageIDs(matching: filter) }
    }

    /// The passages with these ids, with episode title, show, speakers, times and deep link, in the order given.
    /// Ids that no longer exist are skipped. `score` is 0 and `snippet` the passage's first words.
    public func passageHits(ids: [Int64]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        return try viewing { try $0.passageHits(ids: ids) }
    }

    /// Passages per episode id, and the file each episode was imported from (for evaluation and statistics).
    public func episodeSources() throws -> [(episodeID: Int64, title: String, path: String, passages: Int, words: Int)]
    {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.title, src.path,
                           (SELECT count(*) FROM passage p WHERE p.episode_id = e.id) AS passages,
                           (SELECT coalesce(sum(words), 0) FROM passage p WHERE p.episode_id = e.id) AS words
                    FROM episode e JOIN import_source src ON src.id = e.source_id ORDER BY e.id
                    """
            ).map { ($0["id"], $0["title"], $0["path"], $0["passages"], $0["words"]) }
        }
    }

    static func hit(_ row: Row, score: Double, snippet: String) -> SearchHit {
        let start: Int? = row["start_ms"]
        return SearchHit(
            passageID: row["id"], episodeID: row["episode_id"], title: row["title"], show: row["show"],
            text: row["text"], snippet: snippet, speaker: row["speakers"], startSeconds: start.map(seconds),
            endSeconds: (row["end_ms"] as Int?).map(seconds), score: score,
            url: DeepLink.url(row["url"], seconds: start.map(seconds)), ordinal: row["ordinal"],
            episodePassages: row["episode_passages"])
    }

    /// The passage count of `p`'s episode, as `episode_passages`, for ``hit(_:score:snippet:)`` (one index seek).
    static let episodePassagesColumn =
        "(SELECT max(q.ordinal) + 1 FROM passage q WHERE q.episode_id = p.episode_id) AS episode_passages"
}

/// Edit distance between two short words.
enum SpellingDistance {
    /// Optimal-string-alignment distance (insert, delete, substitute, swap neighbours); stops early past `limit`.
    static func damerauLevenshtein(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

extension SearchHit {
    /// A hit built outside a search (tests, other retrievers); the snippet is the passage's first 40 words.
    public init(
        passageID: Int64, episodeID: Int64, title: String, show: String?, text: String, speaker: String?,
        startSeconds: Double?, endSeconds: Double?, url: String?, score: Double
    ) {
        let words = text.split(separator: " ", maxSplits: 40, omittingEmptySubsequences: true)
        self.init(
            passageID: passageID, episodeID: episodeID, title: title, show: show, text: text,
            snippet: words.prefix(40).joined(separator: " ") + (words.count > 40 ? "…" : ""), speaker: speaker,
            startSeconds: startSeconds, endSeconds: endSeconds, score: score, url: url)
    }
}
