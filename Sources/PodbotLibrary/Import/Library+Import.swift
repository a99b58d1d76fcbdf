import Foundation
import GRDB
import PodbotTranscript

extension Library {
    /// Imports one file: reads it, detects and parses its format, and stores every episode it holds
    /// with segments, passages and imported enrichments, in one transaction.
    ///
    /// The same content imported again changes nothing; `request.replace` replaces it.
    /// - Throws: `TranscriptError` for a bad file (naming file, line and field), `LibraryError` for storage.
    public func importFile(
        _ request: ImportRequest, limits: ImportLimits = .default, passages policy: PassagePolicy = .default
    ) throws -> ImportReport {
        let bytes = try SourceFile.read(request.path, limits: limits)
        let sha256 = SHA256.hex(bytes)
        let options = ParseOptions(sourceName: request.path, speakers: request.speakers)
        if !request.replace, let existing = try existingImport(sha256: sha256) {
            return ImportReport(
                path: request.path, status: .unchanged, format: existing.format, sha256: sha256,
                episodeIDs: existing.episodeIDs)
        }
        let transcripts = try TranscriptReader.read(bytes, options: options, format: request.format)
        let format = transcripts.first?.format ?? request.format ?? .plainText
        let baseTitle = URL(fileURLWithPath: request.path).deletingPathExtension().lastPathComponent
        let prepared = transcripts.enumerated().map { index, transcript in
            PreparedEpisode(
                transcript: transcript, overrides: request.metadata,
                fallbackTitle: transcripts.count == 1 ? baseTitle : "\(baseTitle) #\(index + 1)", policy: policy)
        }
        let source = SourceRecord(
            id: nil, path: request.path, format: format.rawValue, sha256: sha256, bytes: bytes.count,
            importedAt: ISO8601DateFormatter().string(from: Date()))
        let replace = request.replace
        return try write { db in
            let earlier = try SourceRecord.filter(Column("sha256") == sha256 || Column("path") == source.path)
                .fetchAll(db)
            if !earlier.isEmpty && !replace {
                if let same = earlier.first(where: { $0.sha256 == sha256 }) {
                    // Another process stored the same content since we looked.
                    return ImportReport(
                        path: source.path, status: .unchanged, format: format, sha256: sha256,
                        episodeIDs: try episodeIDs(sourceID: same.id!, db))
                }
                throw TranscriptError(
                    source: source.path,
                    reason: "already imported from this path with other content; pass --replace to replace it")
            }
            for record in earlier { try record.delete(db) }
            var stored = source
            try stored.insert(db)
            var ids: [Int64] = []
            for (index, episode) in prepared.enumerated() {
                ids.append(try episode.insert(sourceID: stored.id!, index: index, db))
            }
            return ImportReport(
                path: source.path, status: earlier.isEmpty ? .imported : .replaced, format: format,
                sha256: sha256, episodeIDs: ids)
        }
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
        for (ordinal, segment) in transcript.segments.enumerated() {
            try SegmentRecord(
                episodeId: episodeID, ordinal: ordinal, speaker: segment.speaker, startMs: segment.startMs,
                endMs: segment.endMs, text: segment.text,
                nonSpeech: segment.nonSpeech.isEmpty ? nil : segment.nonSpeech, speakerChange: segment.speakerChange
            ).insert(db)
        }
        for passage in passages {
            var record = PassageRecord(
                id: nil, episodeId: episodeID, ordinal: passage.ordinal, firstSegment: passage.firstSegment,
                lastSegment: passage.lastSegment,
                speakers: passage.speakers.isEmpty ? nil : passage.speakers.joined(separator: ", "),
                startMs: passage.startMs, endMs: passage.endMs, text: passage.text, words: passage.words)
            try record.insert(db)
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
