import GRDB

extension Library {
    /// Full-text search over passages ranked by BM25, with every ``PassageFilter`` field (dates included).
    ///
    /// With `expandRareTerms`, a query word that no passage holds is also matched by vocabulary words one or two
    /// letters away ("Lukas" finds the transcript's "Lucas"), because speech recognition mishears names; the
    /// alternatives join the query with OR.
    /// - Parameters:
    ///   - text: What the user typed; quoted words stay a phrase.
    ///   - filter: Which passages may be returned.
    ///   - limit: Most hits.
    ///   - expandRareTerms: Add close spellings of rare query words.
    public func searchBM25(
        _ text: String, filter: PassageFilter = PassageFilter(), limit: Int = 10, expandRareTerms: Bool = true
    ) throws -> [SearchHit] {
        var parts = FTSQuery.parts(text)
        guard !parts.isEmpty else { return [] }
        if expandRareTerms { parts += try spellingAlternatives(for: text).map { "\"\($0)\"" } }
        let (conditions, arguments) = filter.conditions()
        let allParts = parts
        return try read { db in
            try Self.rankedSearch(parts: allParts, conditions: conditions, arguments: arguments, limit: limit, db)
        }
    }

    /// The ids of every passage `filter` lets through.
    public func passageIDs(matching filter: PassageFilter) throws -> Set<Int64> {
        var sql = """
            SELECT p.id FROM passage p JOIN episode e ON e.id = p.episode_id LEFT JOIN show s ON s.id = e.show_id
            """
        let (conditions, arguments) = filter.conditions()
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let finalSQL = sql
        return try read { db in Set(try Int64.fetchAll(db, sql: finalSQL, arguments: arguments)) }
    }

    /// The passages with these ids, with episode title, show, speakers, times and deep link, in the order given.
    /// Ids that no longer exist are skipped. `score` is 0 and `snippet` the passage's first words.
    public func passageHits(ids: [Int64]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var byID: [Int64: SearchHit] = [:]
            // SQLite limits bound parameters; fetch in slices.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(ids.count, start + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT p.id, p.episode_id, e.title, e.url, s.name AS show, p.speakers, p.start_ms, p.end_ms,
                               p.text
                        FROM passage p JOIN episode e ON e.id = p.episode_id LEFT JOIN show s ON s.id = e.show_id
                        WHERE p.id IN (\(marks))
                        """, arguments: StatementArguments(slice))
                for row in rows {
                    let text: String = row["text"]
                    let words = text.split(separator: " ", maxSplits: 40, omittingEmptySubsequences: true)
                    let snippet = words.prefix(40).joined(separator: " ") + (words.count > 40 ? "…" : "")
                    byID[row["id"]] = Self.hit(row, score: 0, snippet: snippet)
                }
            }
            return ids.compactMap { byID[$0] }
        }
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
            url: DeepLink.url(row["url"], seconds: start.map(seconds)))
    }

    /// Vocabulary words close in spelling to the query's words that no passage holds. A word the library holds
    /// is searched as typed: its close spellings would outrank it ("wearing" twice beats "near" once).
    func spellingAlternatives(for text: String) throws -> [String] {
        let words = FTSQuery.tokens(Substring(text)).filter { $0.count >= 4 && !FTSQuery.stopWords.contains($0) }
        guard !words.isEmpty else { return [] }
        return try read { db in
            var rare: [String] = []
            for word in Set(words) {
                let count =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM (SELECT 1 FROM passage_fts WHERE passage_fts MATCH ? LIMIT 1)",
                        arguments: ["\"\(word)\""]) ?? 0
                if count == 0 { rare.append(word) }
            }
            guard !rare.isEmpty else { return [] }
            let shortest = max(2, (rare.map(\.count).min() ?? 4) - 3)
            let longest = (rare.map(\.count).max() ?? 4) + 2
            let vocabulary = try Row.fetchAll(
                db, sql: "SELECT term, doc FROM passage_vocab WHERE length(term) BETWEEN ? AND ?",
                arguments: [shortest, longest])
            var found: [String] = []
            for word in rare.sorted() {
                let budget = word.count >= 8 ? 2 : 1
                let wordBytes = Array(word.utf8)
                var candidates: [(term: String, docs: Int)] = []
                for row in vocabulary {
                    let term: String = row["term"]
                    guard term != word, term.first?.isLetter == true else { continue }
                    let termBytes = Array(term.utf8)
                    // Porter stems are shortened words: also compare the query word cut to the stem's length + 1.
                    let distance = min(
                        SpellingDistance.damerauLevenshtein(wordBytes, termBytes, limit: budget),
                        termBytes.count < wordBytes.count
                            ? SpellingDistance.damerauLevenshtein(
                                Array(wordBytes.prefix(termBytes.count + 1)), termBytes, limit: budget) : budget + 1)
                    if distance <= budget, term.count >= 3 { candidates.append((term, row["doc"])) }
                }
                found += candidates.sorted { $0.docs > $1.docs }.prefix(3).map(\.term)
            }
            return found
        }
    }
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
