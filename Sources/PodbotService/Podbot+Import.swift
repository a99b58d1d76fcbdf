import PodbotLibrary
import PodbotTranscript

/// Imports through the facade: the library stores the episode in one transaction, and the hub forgets the vectors
/// it loaded, so the next hybrid search sees what changed (and says once that new passages have no vectors yet).
extension Podbot {
    /// Imports the transcript file of `request` (any supported shape), off the cooperative pool.
    /// - Throws: `TranscriptError` naming the file, line and field at fault; ``LibraryError``. Nothing is stored then.
    public func importTranscript(_ request: ImportRequest) async throws -> ImportReport {
        let library = self.library
        let report = try await Blocking.run { try library.importFile(request) }
        if report.status != .unchanged { await models.invalidateVectors() }
        return report
    }

    /// Imports transcript files, each in its own transaction and in order, parsing a few ahead on the other core
    /// (``Library/importFiles(_:limits:passages:lookahead:each:)``); a bad file does not stop the others.
    /// - Parameter each: receives each file's index in `requests` and its report or error, in order.
    public func importTranscripts(
        _ requests: [ImportRequest], limits: ImportLimits = .default, passages: PassagePolicy = .default,
        each: (Int, Result<ImportReport, any Error>) -> Void
    ) async {
        var changed = false
        await library.importFiles(requests, limits: limits, passages: passages) { index, outcome in
            if case .success(let report) = outcome, report.status != .unchanged { changed = true }
            each(index, outcome)
        }
        if changed { await models.invalidateVectors() }
    }

    /// Transcribes the audio file of `request` with `transcriber` and imports it; each window is stored as it is
    /// made, so the same request after an interruption continues after the stored windows.
    /// - Parameter progress: receives each window's report (audio done, of the total when known).
    public func importAudio(
        _ request: ImportRequest, transcriber: any SpeechTranscriber, passages: PassagePolicy = .default,
        progress: TranscriptionProgressHandler? = nil
    ) async throws -> ImportReport {
        let report = try await library.importAudio(
            request, transcriber: transcriber, passages: passages, progress: progress)
        if report.status != .unchanged { await models.invalidateVectors() }
        return report
    }
}
