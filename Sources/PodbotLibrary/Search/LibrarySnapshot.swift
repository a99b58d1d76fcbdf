import GRDB

/// The library as one read transaction sees it: what a search or an ask reads, all from the same snapshot (an
/// import committing meanwhile is seen whole or not at all). Made by ``Library/reading(_:)`` and by each of
/// ``Library``'s own search methods; it never outlives the closure it is given to.
public struct LibrarySnapshot {
    let db: Database
    /// The library file, for error messages.
    let path: String

    init(_ db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// Full-text search over passages ranked by BM25 (``Library/searchBM25(_:filter:limit:expandRareTerms:)``).
    public func searchBM25(
        _ text: String, filter: PassageFilter = PassageFilter(), limit: Int = 10, expandRareTerms: Bool = true
    ) throws -> [SearchHit] {
        var parts = FTSQuery.parts(text)
        guard !parts.isEmpty else { return [] }
        if expandRareTerms { parts += try spellingAlternatives(for: text).map { "\"\($0)\"" } }
        let (conditions, arguments) = filter.conditions()
        return try Library.rankedSearch(parts: parts, conditions: conditions, arguments: arguments, limit: limit, db)
    }

    /// The ids of every passage `filter` lets through.
    public func passageIDs(matching filter: PassageFilter) throws -> Set<Int64> {
        var sql = """
            SELECT p.id FROM passage p JOIN episode e ON e.id = p.episode_id LEFT JOIN show s ON s.id = e.show_id
            """
        let (conditions, arguments) = filter.conditions()
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return Set(try Int64.fetchAll(db, sql: sql, arguments: arguments))
    }

    /// The passages with these ids (``Library/passageHits(ids:)``), in the order given.
    public func passageHits(ids: [Int64]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        var byID: [Int64: SearchHit] = [:]
        // SQLite limits bound parameters; fetch in slices.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(ids.count, start + 500)])
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.episode_id, p.ordinal, \(Library.episodePassagesColumn), e.title, e.url,
                           s.name AS show, p.speakers, p.start_ms, p.end_ms, p.text
                    FROM passage p JOIN episode e ON e.id = p.episode_id LEFT JOIN show s ON s.id = e.show_id
                    WHERE p.id IN (\(marks))
                    """, arguments: StatementArguments(slice))
            for row in rows {
                let text: String = row["text"]
                let words = text.split(separator: " ", maxSplits: 40, omittingEmptySubsequences: true)
                let snippet = words.prefix(40).joined(separator: " ") + (words.count > 40 ? "…" : "")
                byID[row["id"]] = Library.hit(row, score: 0, snippet: snippet)
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// `hits` with the ``SearchHit/turns`` of those two speakers or more share: the passage's words, which are
    /// consecutive words of its segments, each given its segment's speaker (an unlabelled segment continues the turn
    /// before it).
    public func withTurns(_ hits: [SearchHit]) throws -> [SearchHit] {
        try hits.map { hit in
            guard hit.speaker?.contains(",") == true else { return hit }
            var hit = hit
            hit.turns = try turns(ofPassage: hit.passageID, text: hit.text)
            return hit
        }
    }

    func turns(ofPassage id: Int64, text: String) throws -> [SearchHit.Turn] {
        guard let aligned = try aligned(ofPassage: id, text: text) else { return [] }
        var turns: [SearchHit.Turn] = []
        var unlabelled: [Substring] = []  // words before the first labelled one: the first turn's
        for (word, segment) in zip(aligned.words, aligned.segmentOfWord) {
            if let speaker = aligned.segments[segment].speaker, speaker != turns.last?.speaker {
                turns.append(SearchHit.Turn(speaker: speaker, text: (unlabelled + [word]).joined(separator: " ")))
                unlabelled = []
            } else if turns.isEmpty {
                unlabelled.append(word)
            } else {
                turns[turns.count - 1].text += " " + word
            }
        }
        return turns.count >= 2 ? turns : []
    }

    /// Where words `range` of a passage (split at white space) were said: the speakers of the segments they come
    /// from and the start of the first word's segment, with a link to it. `nil` when the passage's text no longer
    /// matches its segments or `range` is not within it.
    public func moment(ofPassage id: Int64, text: String, words range: Range<Int>) throws -> PassageMoment? {
        guard let aligned = try aligned(ofPassage: id, text: text), !range.isEmpty, range.lowerBound >= 0,
            range.upperBound <= aligned.words.count
        else { return nil }
        // An unlabelled segment continues the speaker before it, as in ``withTurns(_:)``.
        var speaker: String?
        var speakers: [String] = []
        for (index, segment) in aligned.segmentOfWord.enumerated() where index < range.upperBound {
            speaker = aligned.segments[segment].speaker ?? speaker
            if index >= range.lowerBound, let speaker, !speakers.contains(speaker) {
                speakers.append(speaker)
            }
        }
        let start = aligned.segments[aligned.segmentOfWord[range.lowerBound]].startMs.map { Double($0) / 1000 }
        return PassageMoment(
            speakers: speakers, startSeconds: start, url: DeepLink.url(aligned.episodeURL, seconds: start))
    }

    /// A passage's segments, and for each of its words (split at white space) the segment it comes from; `nil`
    /// when the stored text is not consecutive words of its segments.
    private func aligned(ofPassage id: Int64, text: String) throws -> AlignedPassage? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.episode_id, p.first_segment, p.last_segment, e.url
                    FROM passage p JOIN episode e ON e.id = p.episode_id WHERE p.id = ?
                    """, arguments: [id])
        else { return nil }
        let segments = try Row.fetchAll(
            db,
            sql: """
                SELECT speaker, text, start_ms FROM segment WHERE episode_id = ? AND ordinal BETWEEN ? AND ?
                ORDER BY ordinal
                """,
            arguments: [row["episode_id"] as Int64, row["first_segment"] as Int, row["last_segment"] as Int]
        ).map { AlignedPassage.Segment(speaker: $0["speaker"], startMs: $0["start_ms"], text: $0["text"]) }
        var words: [(segment: Int, word: Substring)] = []
        var firstCount = 0
        for (index, segment) in segments.enumerated() {
            let split = segment.text.split(whereSeparator: \.isWhitespace)
            if index == 0 { firstCount = split.count }
            words += split.map { (index, $0) }
        }
        let passage = text.split(whereSeparator: \.isWhitespace)
        // The passage starts at a sentence of its first segment.
        guard
            let start = (0...firstCount).first(where: { start in
                start + passage.count <= words.count
                    && zip(passage, words[start...]).allSatisfy { $0 == $1.word }
            })
        else { return nil }
        return AlignedPassage(
            segments: segments, words: passage,
            segmentOfWord: words[start..<(start + passage.count)].map(\.segment), episodeURL: row["url"])
    }

    /// Vocabulary words close in spelling to the query's words that no passage holds, and those words split in two
    /// where passages hold the two halves as a phrase. A word the library holds is searched as typed: its close
    /// spellings would outrank it ("wearing" twice beats "near" once). So is a word of the name of an episode's
    /// person or show, which speaker labels and titles hold rather than passages: "Hugo Bowne-Anderson" is not a
    /// mishearing of "huge", "own" and "and".
    func spellingAlternatives(for text: String) throws -> [String] {
        let words = FTSQuery.tokens(Substring(text)).filter { $0.count >= 4 && !FTSQuery.stopWords.contains($0) }
        guard !words.isEmpty else { return [] }
        var rare = try Set(words).filter { try !holds($0) }
        guard !rare.isEmpty else { return [] }
        let names = try episodeMentions().names
        rare = rare.filter { !names.contains(EpisodeMentions.fold($0).joined()) }
        guard !rare.isEmpty else { return [] }
        return try rare.sorted().flatMap(splits) + closeSpellings(of: rare)
    }

    /// True when some passage holds `phrase` (one word or several).
    func holds(_ phrase: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM passage_fts WHERE passage_fts MATCH ?)",
            arguments: ["\"\(phrase)\""]) ?? false
    }

    /// `word` cut in two words of three letters or more that passages hold as a phrase: speech recognition writes
    /// a product's name as the words it is made of ("TorchScript" is "torch script", "FastMail" "fast mail").
    func splits(_ word: String) throws -> [String] {
        guard word.count >= 7, word.allSatisfy(\.isLetter) else { return [] }
        return try (3...(word.count - 3)).map { "\(word.prefix($0)) \(word.dropFirst($0))" }.filter(holds)
    }

    /// Up to three vocabulary words close in spelling to each of `rare`, those most passages hold first.
    func closeSpellings(of rare: Set<String>) throws -> [String] {
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
                guard term != word, term.first?.isLetter == true, !FTSQuery.stopWords.contains(term) else { continue }
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

/// A passage's words beside the segments they come from (``LibrarySnapshot/aligned(ofPassage:text:)``).
private struct AlignedPassage {
    struct Segment {
        var speaker: String?
        var startMs: Int?
        var text: String
    }

    var segments: [Segment]
    var words: [Substring]
    /// For each of `words`, its index in `segments`.
    var segmentOfWord: [Int]
    var episodeURL: String?
}
