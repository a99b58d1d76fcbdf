import PodbotLibrary
import PodbotService
import PodbotTranscript
import PodbotWhisper

extension JobKind {
    /// `POST /api/v1/import` of an audio file: transcribe the stored upload with the configured Whisper model
    /// (`PODBOT_ASR_MODEL`, else tiny.en) on the engines' configured threads, and import it; progress is seconds of
    /// audio done of the total. Resumable: the same upload again continues after its stored windows. Not in
    /// ``all``: it is started by an upload.
    /// - Parameters:
    ///   - request: the import of the stored upload.
    ///   - name: the client's file name, which messages use instead of the server's path.
    static func transcribe(_ request: ImportRequest, name: String) -> JobKind {
        JobKind(name: "transcribe", summary: "Transcribe an uploaded audio file and import it (resumable)") {
            backend, _, progress in
            do {
                let transcriber = try WhisperTranscriber(
                    modelPath: WhisperModelName.path(for: WhisperModelName.configured()),
                    settings: WhisperSettings(threads: try backend.models.configuredThreads()))
                let report = try await backend.podbot.importAudio(request, transcriber: transcriber) { report in
                    progress(report.doneMs / 1000, (report.totalMs ?? report.doneMs) / 1000)
                }
                let ids = report.episodeIDs.map { "#\($0)" }.joined(separator: ", ")
                return "\(report.status.rawValue) \(name) (audio): episodes \(ids)"
            } catch var error as TranscriptError where error.source == request.path {
                // Clients know the upload by its name, never by where the server keeps it.
                error.source = name
                throw error
            }
        }
    }
}
