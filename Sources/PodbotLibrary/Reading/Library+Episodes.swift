import GRDB
import PodbotTranscript

extension Library {
    /// Every episode, newest publication first, then in import order.
    public func episodes() throws -> [EpisodeSummary] { try viewing { try $0.episodes() } }

    /// The episode `reference` names (``LibrarySnapshot/resolveEpisode(_:)``).
    public func resolveEpisode(_ reference: String) throws -> Int64 { try viewing { try $0.resolveEpisode(reference) } }

    /// One episode with its whole transcript, summary, chapters, questions and provenance.
    public func episode(_ id: Int64) throws -> EpisodeDetail { try episode(id, segments: nil) }

    /// One episode with a page of its transcript (``LibrarySnapshot/episode(_:segments:)``).
    public func episode(_ id: Int64, segments page: Range<Int>?) throws -> EpisodeDetail {
        try viewing { try $0.episode(id, segments: page) }
    }

    /// Whether episode `id` exists, without reading it.
    public func hasEpisode(_ id: Int64) throws -> Bool { try viewing { try $0.hasEpisode(id) } }

    /// The last segment of episode `id` that starts at or before `seconds` (``LibrarySnapshot/segmentOrdinal(episode:atOrBefore:)``).
    public func segmentOrdinal(episode id: Int64, atOrBefore seconds: Double) throws -> Int? {
        try viewing { try $0.segmentOrdinal(episode: id, atOrBefore: seconds) }
    }

    /// The first segment of passage `passageID` when it belongs to episode `id`.
    public func firstSegment(ofPassage passageID: Int64, episode id: Int64) throws -> Int? {
        try viewing { try $0.firstSegment(ofPassage: passageID, episode: id) }
    }
}

extension LibrarySnapshot {
    /// Every episode, newest publication first, then in import order.
    public func episodes() throws -> [EpisodeSummary] {
        try EpisodeRow.fetchAll(db, sql: EpisodeRow.select + " ORDER BY e.published IS NULL, e.published DESC, e.id")
            .map(\.summary)
    }

    /// The episode `reference` names: its numeric id, or a title, or a unique start of a title
    /// (case-insensitive).
    /// - Throws: `LibraryError` when nothing, or more than one episode, matches.
    public func resolveEpisode(_ reference: String) throws -> Int64 {
        if let id = Int64(reference), try EpisodeRecord.exists(db, key: id) { return id }
        let exact = try Int64.fetchAll(
            db, sql: "SELECT id FROM episode WHERE title = ? COLLATE NOCASE", arguments: [reference])
        if exact.count == 1 { return exact[0] }
        let pattern = Library.escapeLike(reference)
        let prefixed = try Row.fetchAll(
            db, sql: "SELECT id, title FROM episode WHERE title LIKE ? ESCAPE '\\' ORDER BY id",
            arguments: [pattern + "%"])
        switch prefixed.count {
        case 1: return prefixed[0]["id"]
        case 0: throw LibraryError.noEpisode(path: path, "\"\(reference)\"")
        default:
            let names = prefixed.prefix(5).map { "\($0["id"] as Int64): \($0["title"] as String)" }
            throw LibraryError(
                path: path,
                reason: "\"\(reference)\" matches \(prefixed.count) episodes (\(names.joined(separator: "; "))); "
                    + "use an id", kind: .notFound)
        }
    }

    /// One episode with a page of its transcript.
    /// - Parameter page: the segments to read (ordinals); all of them when `nil`. A front end that serves
    ///   strangers reads a page: an episode can hold millions of words.
    public func episode(_ id: Int64, segments page: Range<Int>?) throws -> EpisodeDetail {
        guard let row = try EpisodeRow.fetchOne(db, sql: EpisodeRow.select + " WHERE e.id = ?", arguments: [id])
        else { throw LibraryError.noEpisode(path: path, "\(id)") }
        var request = SegmentRecord.filter(Column("episode_id") == id)
        if let page {
            request = request.filter(Column("ordinal") >= page.lowerBound && Column("ordinal") < page.upperBound)
        }
        let segments = try request.order(Column("ordinal")).fetchAll(db)
        let summary = try SummaryRecord.fetchOne(db, key: id)
        let chapters = try ChapterRecord.filter(Column("episode_id") == id).order(Column("ordinal")).fetchAll(db)
        let questions = try QuestionRecord.filter(Column("episode_id") == id)
            .order(Column("origin").desc, Column("ordinal")).fetchAll(db)
        let source = try SourceRecord.fetchOne(db, key: row.record.sourceId)!
        return EpisodeDetail(
            episode: row.summary, hosts: row.record.hosts, guests: row.record.guests,
            transcript: segments.map {
                EpisodeDetail.TranscriptLine(
                    speaker: $0.speaker, startSeconds: $0.startMs.map(seconds), endSeconds: $0.endMs.map(seconds),
                    text: $0.text, nonSpeech: $0.nonSpeech ?? [], speakerChange: $0.speakerChange)
            },
            summary: summary?.text, summaryOrigin: summary?.origin,
            summarySentences: summary?.origin == .generated ? SummarySentence.stored(in: summary?.details) : nil,
            chapters: chapters.map {
                EpisodeDetail.Chapter(
                    title: $0.title, startSeconds: $0.startMs.map(seconds), position: $0.position,
                    firstWords: $0.firstWords)
            },
            creatorChapters: try Library.creatorChapters(episode: id, db),
            questions: questions.map { EpisodeDetail.Question(text: $0.text, chunk: $0.chunk, origin: $0.origin) },
            source: EpisodeDetail.SourceInfo(
                path: source.path, format: source.format, sha256: source.sha256, importedAt: source.importedAt),
            transcriptOffset: page.map { min($0.lowerBound, row.record.segmentCount) } ?? 0)
    }

    /// Whether episode `id` exists, without reading it.
    public func hasEpisode(_ id: Int64) throws -> Bool { try EpisodeRecord.exists(db, key: id) }

    /// The last segment of episode `id` that starts at or before `seconds`: where a moment sits in the transcript.
    public func segmentOrdinal(episode id: Int64, atOrBefore seconds: Double) throws -> Int? {
        try Int.fetchOne(
            db, sql: "SELECT max(ordinal) FROM segment WHERE episode_id = ? AND start_ms <= ?",
            arguments: [id, Int((seconds * 1000).rounded())])
    }

    /// The passages of one episode, in order; with `segments`, only those that hold one of those segments.
    public func passages(episode id: Int64, segments page: Range<Int>? = nil) throws -> [Passage] {
        var request = PassageRecord.filter(Column("episode_id") == id)
        if let page {
            request = request.filter(
                Column("first_segment") < page.upperBound && Column("last_segment") >= page.lowerBound)
        }
        return try request.order(Column("ordinal")).fetchAll(db).map {
            Passage(
                ordinal: $0.ordinal, firstSegment: $0.firstSegment, lastSegment: $0.lastSegment,
                speakers: $0.speakers?.components(separatedBy: ", ") ?? [], startMs: $0.startMs, endMs: $0.endMs,
                text: $0.text, words: $0.words, id: $0.id)
        }
    }

    /// The first segment of passage `passageID` when it belongs to episode `id`.
    public func firstSegment(ofPassage passageID: Int64, episode id: Int64) throws -> Int? {
        try Int.fetchOne(
            db, sql: "SELECT first_segment FROM passage WHERE id = ? AND episode_id = ?", arguments: [passageID, id])
    }
}

/// Milliseconds to seconds, as the JSON contract states times.
func seconds(_ milliseconds: Int) -> Double { Double(milliseconds) / 1000 }

/// An episode row joined with its show name.
struct EpisodeRow: FetchableRecord {
    static let select = "SELECT e.*, s.name AS show_name FROM episode e LEFT JOIN show s ON s.id = e.show_id"
    var record: EpisodeRecord
    var show: String?

    init(row: Row) throws {
        record = try EpisodeRecord(row: row)
        show = row["show_name"]
    }

    var summary: EpisodeSummary {
        EpisodeSummary(
            id: record.id!, title: record.title, show: show, url: record.url, published: record.published,
            durationSeconds: record.durationMs.map(seconds), words: record.words, segments: record.segmentCount,
            speakers: record.speakers, hasTimestamps: record.hasTimestamps)
    }
}

/// An episode's transcript as stored, with what enrichment needs to know about the episode: the domain model,
/// times in milliseconds, not the JSON shape `podbot show` prints.
public struct StoredTranscript: Sendable {
    public var episodeID: Int64
    public var title: String
    public var hasTimestamps: Bool
    public var durationMs: Int?
    /// Every segment, in transcript order.
    public var segments: [Segment]
}

extension Library {
    /// Episode `id`'s segments and the episode facts enrichment reads, in one read transaction.
    /// - Throws: ``LibraryError`` (not found) when there is no such episode.
    public func storedTranscript(episode id: Int64) throws -> StoredTranscript {
        let path = self.path ?? ":memory:"
        return try read { db in
            guard let episode = try EpisodeRecord.fetchOne(db, key: id) else {
                throw LibraryError.noEpisode(path: path, "\(id)")
            }
            let segments = try SegmentRecord.filter(Column("episode_id") == id).order(Column("ordinal")).fetchAll(db)
            return StoredTranscript(
                episodeID: id, title: episode.title, hasTimestamps: episode.hasTimestamps,
                durationMs: episode.durationMs,
                segments: segments.map {
                    Segment(
                        speaker: $0.speaker, startMs: $0.startMs, endMs: $0.endMs, text: $0.text,
                        nonSpeech: $0.nonSpeech ?? [], speakerChange: $0.speakerChange)
                })
        }
    }

    /// The passages of one episode, in order; with `segments`, only those that hold one of those segments.
    public func passages(episode id: Int64, segments page: Range<Int>? = nil) throws -> [Passage] {
        try viewing { try $0.passages(episode: id, segments: page) }
    }

    /// Counts of what the library holds, for health checks and tests.
    public func counts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["show", "import_source", "episode", "segment", "passage", "summary", "question", "chapter"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            counts["passage_fts"] = try Int.fetchOne(db, sql: "SELECT count(*) FROM passage_fts") ?? 0
            return counts
        }
    }

    /// SQLite's integrity check plus the full-text index's own check; `["ok"]` when healthy.
    /// FTS5 runs its check as an `INSERT` command, so this needs a writable library.
    public func integrityCheck() throws -> [String] {
        try write { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            do {
                try db.execute(sql: "INSERT INTO passage_fts(passage_fts, rank) VALUES('integrity-check', 1)")
            } catch {
                problems.append("passage_fts: \(error)")
            }
            return problems
        }
    }
}
