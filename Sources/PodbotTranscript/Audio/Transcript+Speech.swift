extension Transcript {
    /// The transcript of transcribed audio: one timed segment per recognised stretch of speech, in order, with
    /// Whisper's non-speech tags (`[BLANK_AUDIO]`, `(music)`) kept apart from the words as every parser keeps them.
    public init(speech windows: [TranscribedWindow]) {
        let segments = windows.flatMap(\.segments).compactMap { timed -> Segment? in
            let (text, tags) = NonSpeechTags.extract(timed.text)
            guard !text.isEmpty else { return nil }
            return Segment(startMs: timed.startMs, endMs: timed.endMs, text: text, nonSpeech: tags)
        }
        let durationMs = windows.last?.endMs
        self.init(
            metadata: EpisodeMetadata(durationSeconds: durationMs.map { Double($0) / 1000 }), segments: segments,
            format: .audio)
    }
}

/// Audio is transcribed (`Library.importAudio`), never parsed as text; this parser only says so if asked.
enum AudioFormatParser: TranscriptParser {
    static let format = TranscriptFormat.audio

    static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        throw TranscriptError(
            source: options.sourceName, reason: "audio is transcribed, not read as text: import it with podbot import")
    }
}
