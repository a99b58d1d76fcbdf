import Foundation
import GRDB
import PodbotTranscript

/// A file read, hashed, parsed and cut into passages: everything an import does before it touches the
/// database. Made by ``Library/prepareImport(_:limits:passages:)``, stored by ``Library/store(_:)``.
public struct PreparedImport: Sendable {
    /// The request the file was prepared for.
    public let request: ImportRequest
    /// SHA-256 of the file's bytes, hex.
    public let sha256: String
    /// The file's size in bytes.
    public let bytes: Int
    /// The detected (or requested) format.
    public let format: TranscriptFormat
    let episodes: [PreparedEpisode]
}

extension Library {
    /// Imports one file: reads it, detects and parses its format, and stores every episode it holds
    /// with segments, passages and imported enrichments, in one transaction.
    ///
    /// The same content imported again changes nothing (and is not parsed again); `request.replace` replaces it.
    /// - Throws: `TranscriptError` for a bad file (naming file, line and field), `LibraryError` for storage.
    public func importFile(
        _ request: ImportRequest, limits: ImportLimits = .default, passages policy: PassagePolicy = .default
    ) throws -> ImportReport {
        let bytes = try SourceFile.read(request.path, limits: limits)
        let sha256 = SHA256.hex(bytes)
        if !request.replace, let existing = try existingImport(sha256: sha256) {
            return ImportReport(
                path: request.path, status: .unchanged, format: existing.format, sha256: sha256,
                episodeIDs: existing.episodeIDs)
        }
        return try store(Self.prepare(request, bytes: bytes, sha256: sha256, policy: policy))
    }

    /// The part of an import that needs no database: read, hash, parse, cut passages. Pure and thread-safe,
    /// so a batch prepares the next files on other cores while ``store(_:)`` writes this one.
    /// - Throws: `TranscriptError` for a bad file (naming file, line and field).
    public static func prepareImport(
        _ request: ImportRequest, limits: ImportLimits = .default, passages policy: PassagePolicy = .default
    ) throws -> PreparedImport {
        let bytes = try SourceFile.read(request.path, limits: limits)
        return try prepare(request, bytes: bytes, sha256: SHA256.hex(bytes), policy: policy)
    }

    /// ``prepareImport(_:limits:passages:)`` for bytes already in memory (a download): `request.path` names them
    /// in errors and in the library's provenance.
    public static func prepareImport(
        _ request: ImportRequest, bytes: [UInt8], passages policy: PassagePolicy = .default
    ) throws -> PreparedImport {
        try prepare(request, bytes: bytes, sha256: SHA256.hex(bytes), policy: policy)
    }

    private static func prepare(
        _ request: ImportRequest, bytes: [UInt8], sha256: String, policy: PassagePolicy
    ) throws -> PreparedImport {
        let options = ParseOptions(sourceName: request.path, speakers: request.speakers)
        let transcripts = try TranscriptReader.read(bytes, options: options, format: request.format)
        let format = transcripts.first?.format ?? request.format ?? .plainText
        let baseTitle = URL(fileURLWithPath: request.path).deletingPathExtension().lastPathComponent
        let episodes = transcripts.enumerated().map { index, transcript in
            PreparedEpisode(
                transcript: transcript, overrides: request.metadata,
                fallbackTitle: transcripts.count == 1 ? baseTitle : "\(baseTitle) #\(index + 1)", policy: policy)
        }
        return PreparedImport(request: request, sha256: sha256, bytes: bytes.count, format: format, episodes: episodes)
    }

    /// Stores a prepared file in one write transaction: unchanged when the library holds the same content
    /// (unless `replace`), refused when it holds other content from the same path (unless `replace`).
    /// - Throws: `TranscriptError` for a path imported before with other content, `LibraryError` for storage.
    public func store(_ prepared: PreparedImport) throws -> ImportReport {
        let sha256 = prepared.sha256
        let format = prepared.format
        let source = SourceRecord(
            id: nil, path: prepared.request.path, format: format.rawValue, sha256: sha256, bytes: prepared.bytes,
            importedAt: ISO8601DateFormatter().string(from: Date()))
        let replace = prepared.request.replace
        let episodes = prepared.episodes
        return try write { db in
            let earlier = try SourceRecord.filter(Column("sha256") == sha256 || Column("path") == source.path)
                .fetchAll(db)
            if !earlier.isEmpty && !replace {
                if let same = earlier.first(where: { $0.sha256 == sha256 }) {
                    // Stored before, or by another process since we looked.
                    return ImportReport(
                        path: source.path, status: .unchanged,
                        format: TranscriptFormat(rawValue: same.format) ?? format, sha256: sha256,
                        episodeIDs: try episodeIDs(sourceID: same.id!, db))
                }
                throw TranscriptError(
                    source: source.path,
                    reason: "already imported from this path with other content; pass --replace to replace it",
                    kind: .conflict)
            }
            for record in earlier { try record.delete(db) }
            let ids = try Self.insert(source, episodes: episodes, db)
            return ImportReport(
                path: source.path, status: earlier.isEmpty ? .imported : .replaced, format: format,
                sha256: sha256, episodeIDs: ids)
        }
    }

    /// Inserts a source and its episodes; the caller owns the transaction.
    static func insert(_ source: SourceRecord, episodes: [PreparedEpisode], _ db: Database) throws -> [Int64] {
        var stored = source
        try stored.insert(db)
        var ids: [Int64] = []
        for (index, episode) in episodes.enumerated() {
            ids.append(try episode.insert(sourceID: stored.id!, index: index, db))
        }
        return ids
    }

    private func existingImport(sha256: String) throws -> (format: TranscriptFormat, episodeIDs: [Int64])? {
        try read { db in
            guard let source = try SourceRecord.filter(Column("sha256") == sha256).fetchOne(db) else { return nil }
            return (TranscriptFormat(rawValue: source.format) ?? .plainText, try episodeIDs(sourceID: source.id!, db))
        }
    }
}

private func episodeIDs(sourceID: Int64, _ db: Database) throws -> [Int64] {
    try Int64.fetchAll(
        db, sql: "SELECT id FROM episode WHERE source_id = ? ORDER BY source_index", arguments: [sourceID])
}

/// An episode ready to store: metadata resolved and passages cut, outside the write transaction.
struct PreparedEpisode: Sendable {
    var transcript: Transcript
    var metadata: EpisodeMetadata
    var title: String
    var passages: [Passage]

    init(transcript: Transcript, overrides: EpisodeMetadata, fallbackTitle: String, policy: PassagePolicy) {
        self.transcript = transcript
        var metadata = overrides.filling(from: transcript.metadata)
        if metadata.durationSeconds == nil, let lastEnd = transcript.segments.lazy.compactMap(\.endMs).max() {
            metadata.durationSeconds = Double(lastEnd) / 1000
        }
        self.metadata = metadata
        self.title = metadata.title.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackTitle
        self.passages = PassageBuilder.build(transcript.segments, policy: policy)
    }

    func insert(sourceID: Int64, index: Int, _ db: Database) throws -> Int64 {
        let showID = try metadata.show.map { try ShowRecord.findOrCreate(named: $0, in: db) }
        var episode = EpisodeRecord(
            id: nil, sourceId: sourceID, sourceIndex: index, showId: showID, title: title, url: metadata.url,
            published: metadata.published, durationMs: metadata.durationSeconds.map { Int(($0 * 1000).rounded()) },
            words: metadata.declaredWords ?? transcript.wordCount, hosts: metadata.hosts, guests: metadata.guests,
            speakers: transcript.speakers, segmentCount: transcript.segments.count,
            hasTimestamps: transcript.hasTimestamps)
        try episode.insert(db)
        let episodeID = episode.id!
        // Segments and passages are most of an import's rows (about 1,000 and 140 per hour of speech): they go
        // through cached statements with positional arguments, because record encoding (Codable plus snake-case
        // key conversion, per row) cost more than SQLite's insert itself. Columns and values are the records'.
        let segmentInsert = try db.cachedStatement(
            sql: """
                INSERT INTO segment (episode_id, ordinal, speaker, start_ms, end_ms, text, non_speech, speaker_change)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let nonSpeechEncoder = SegmentRecord.databaseJSONEncoder(for: "nonSpeech")
        for (ordinal, segment) in transcript.segments.enumerated() {
            // JSON text, as GRDB stores a record's array.
            let nonSpeech =
                try segment.nonSpeech.isEmpty
                ? nil : String(decoding: nonSpeechEncoder.encode(segment.nonSpeech), as: UTF8.self)
            try segmentInsert.execute(arguments: [
                episodeID, ordinal, segment.speaker, segment.startMs, segment.endMs, segment.text, nonSpeech,
                segment.speakerChange,
            ])
        }
        let passageInsert = try db.cachedStatement(
            sql: """
                INSERT INTO passage (episode_id, ordinal, first_segment, last_segment, speakers, start_ms, end_ms, text,
                                     words)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for passage in passages {
            try passageInsert.execute(arguments: [
                episodeID, passage.ordinal, passage.firstSegment, passage.lastSegment,
                passage.speakers.isEmpty ? nil : passage.speakers.joined(separator: ", "), passage.startMs,
                passage.endMs, passage.text, passage.words,
            ])
        }
        if let imported = transcript.imported {
            let now = ISO8601DateFormatter().string(from: Date())
            if let summary = imported.summary, !summary.isEmpty {
                try SummaryRecord(
                    episodeId: episodeID, text: summary, origin: .imported, model: nil, details: nil, createdAt: now
                ).insert(db)
            }
            for (ordinal, question) in imported.questions.enumerated() {
                var record = QuestionRecord(
                    id: nil, episodeId: episodeID, ordinal: ordinal, text: question, chunk: nil,
                    origin: .imported)
                try record.insert(db)
            }
        }
        return episodeID
    }
}
