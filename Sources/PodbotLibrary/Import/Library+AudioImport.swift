import Foundation
import GRDB
import PodbotTranscript

/// Reports a transcription's progress (audio done, real-time factor) while an audio file is imported.
public typealias TranscriptionProgressHandler = @Sendable (TranscriptionProgress) -> Void

extension Library {
    /// True when `request` names audio to transcribe rather than a transcript to parse: `--format audio`, or no
    /// format and a file whose first bytes or extension say audio.
    public static func isAudio(_ request: ImportRequest) -> Bool {
        request.format == .audio || (request.format == nil && AudioContainer.detect(path: request.path) != nil)
    }

    /// Imports an audio file: transcribes it and stores its episode like any other transcript, in one transaction.
    /// Hashing and storage run off the cooperative pool (``Blocking``), the transcription on its own thread.
    ///
    /// Each finished window is stored as soon as it is made, so a run that is killed resumes after the last
    /// stored window (with the same transcriber identity). The same content imported again changes nothing and is
    /// not transcribed again; `request.replace` transcribes and replaces it.
    /// - Throws: `TranscriptError` naming the file for bad audio (empty, truncated, not audio, no speech), the
    ///   transcriber's classified errors, `LibraryError` for storage. Nothing is stored for a file that fails.
    public func importAudio(
        _ request: ImportRequest, transcriber: any SpeechTranscriber, passages policy: PassagePolicy = .default,
        progress: TranscriptionProgressHandler? = nil
    ) async throws -> ImportReport {
        let (sha256, bytes) = try await Blocking.run { try Self.hashFile(request.path) }
        if !request.replace, let existing = try await Blocking.run({ try existingAudioImport(sha256: sha256) }) {
            return ImportReport(
                path: request.path, status: .unchanged, format: .audio, sha256: sha256, episodeIDs: existing)
        }
        let identity = transcriber.identity
        var windows = try await Blocking.run { try storedWindows(sha256: sha256, transcriber: identity) }
        if windows.last?.isLast != true {
            let resumeMs = windows.last?.endMs ?? 0
            for try await event in transcriber.transcribe(request.path, from: resumeMs) {
                switch event {
                case .progress(let report): progress?(report)
                case .window(let window):
                    try await Blocking.run { try storeWindow(window, sha256: sha256, transcriber: identity) }
                    windows.append(window)
                }
            }
        }
        let transcript = Transcript(speech: windows)
        guard !transcript.segments.isEmpty else {
            try await Blocking.run { try discardWindows(sha256: sha256) }
            throw TranscriptError(
                source: request.path,
                reason: "no speech found: the audio is silent, or holds nothing the model recognised as words")
        }
        let title = URL(fileURLWithPath: request.path).deletingPathExtension().lastPathComponent
        let prepared = PreparedImport(
            request: request, sha256: sha256, bytes: bytes, format: .audio,
            episodes: [
                PreparedEpisode(
                    transcript: transcript, overrides: request.metadata, fallbackTitle: title, policy: policy)
            ])
        return try await Blocking.run {
            let report = try store(prepared)
            try discardWindows(sha256: sha256)
            return report
        }
    }

    /// The file's SHA-256 and size, read in blocks (an hour of audio is hundreds of MB). Blocking.
    static func hashFile(_ path: String) throws -> (sha256: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw TranscriptError(
                source: path, reason: missing ? "no such file" : "cannot read the file: permission denied",
                kind: missing ? .notFound : .invalidInput)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(block)
            bytes += block.count
        }
        return (hasher.finalizeHex(), bytes)
    }

    private func existingAudioImport(sha256: String) throws -> [Int64]? {
        try read { db in
            guard let source = try SourceRecord.filter(Column("sha256") == sha256).fetchOne(db) else { return nil }
            return try Int64.fetchAll(
                db, sql: "SELECT id FROM episode WHERE source_id = ? ORDER BY source_index", arguments: [source.id])
        }
    }

    /// The stored windows of one file and transcriber, in order, up to the first gap.
    func storedWindows(sha256: String, transcriber: String) throws -> [TranscribedWindow] {
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT start_ms, end_ms, is_last, segments FROM transcription_window
                    WHERE source_sha256 = ? AND transcriber = ? ORDER BY start_ms
                    """, arguments: [sha256, transcriber]
            ).map { row -> (startMs: Int, endMs: Int, isLast: Bool, segments: String) in
                (row["start_ms"], row["end_ms"], row["is_last"], row["segments"])
            }
        }
        var windows: [TranscribedWindow] = []
        for row in rows {
            guard row.startMs == (windows.last?.endMs ?? 0) else { break }
            let segments = try JSONDecoder().decode([TimedText].self, from: Data(row.segments.utf8))
            windows.append(
                TranscribedWindow(startMs: row.startMs, endMs: row.endMs, segments: segments, isLast: row.isLast))
        }
        return windows
    }

    private func storeWindow(_ window: TranscribedWindow, sha256: String, transcriber: String) throws {
        let segments = String(decoding: try JSONEncoder().encode(window.segments), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO transcription_window
                        (source_sha256, transcriber, start_ms, end_ms, is_last, segments)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [sha256, transcriber, window.startMs, window.endMs, window.isLast, segments])
        }
    }

    private func discardWindows(sha256: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM transcription_window WHERE source_sha256 = ?", arguments: [sha256])
        }
    }
}
