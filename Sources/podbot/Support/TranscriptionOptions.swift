import ArgumentParser
import Foundation
import PodbotWhisper

/// The Whisper options of `podbot import` (audio files) and `podbot feed --transcribe` (enclosures).
struct TranscriptionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Whisper model for audio files: \(WhisperModelName.bundled.keys.sorted().joined(separator: ", ")) "
                + "or the path of a ggml Whisper file (default: PODBOT_ASR_MODEL, else "
                + "\(WhisperModelName.defaultName)).", valueName: "name|path"))
    var asrModel: String?
    @Option(help: "Spoken language of audio files (en, de, …); default English, or detected by a multilingual model.")
    var language: String?
    @Option(help: "CPU threads for transcription (default: PODBOT_THREADS, else the cores other programs leave free).")
    var threads: Int?
    @Option(
        help: ArgumentHelp(
            "Audio transcribed and stored at a time: what an interrupted import redoes at most.", valueName: "seconds"))
    var asrWindow = WhisperSettings().windowSeconds
    @Option(help: "Transcription progress: auto (a line redrawn on a terminal, else JSON lines), bar, json or none.")
    var progress: TranscriptionProgressStyle = .auto

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1 to 256") }
        guard (10...3600).contains(asrWindow) else { throw ValidationError("--asr-window must be 10 to 3600") }
    }

    /// The Whisper engine for `--asr-model`, `--language` and `--threads` (else `PODBOT_THREADS`).
    func makeTranscriber() throws -> WhisperTranscriber {
        let environmentThreads = ProcessInfo.processInfo.environment["PODBOT_THREADS"].flatMap { Int($0) }
        return try WhisperTranscriber(
            modelPath: WhisperModelName.path(for: asrModel ?? WhisperModelName.configured()),
            settings: WhisperSettings(
                threads: threads ?? environmentThreads, language: language, windowSeconds: asrWindow))
    }
}
