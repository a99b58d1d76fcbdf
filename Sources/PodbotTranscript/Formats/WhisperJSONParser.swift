/// OpenAI Whisper's JSON output: `{"text": ..., "segments": [{"start", "end", "text"}, ...]}`.
///
/// Times are seconds. A `speaker` key (as WhisperX writes) is kept. Without segments, the top-level
/// `text` becomes one untimed segment.
public enum WhisperJSONParser: TranscriptParser {
    /// `.whisperJSON`.
    public static let format = TranscriptFormat.whisperJSON

    /// Parses Whisper JSON; a bad field is reported as `segments[i].key`.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let object = try JSONInput.object(text, options: options)
        var segments: [Segment] = []
        if let items = try JSONInput.segments(object, options: options) {
            for (index, item) in items.enumerated() {
                guard let spoken = try JSONInput.string(item, "text", index: index, options: options) else {
                    throw TranscriptError(
                        source: options.sourceName, field: "segments[\(index)].text", reason: "missing")
                }
                let start = try JSONInput.milliseconds(item, "start", index: index, options: options)
                let end = try JSONInput.milliseconds(item, "end", index: index, options: options)
                let speaker = try JSONInput.string(item, "speaker", index: index, options: options)
                segments.append(TranscriptBuilding.segment(spoken, speaker: speaker, startMs: start, endMs: end))
            }
        } else if let whole = object["text"] as? String {
            segments = [TranscriptBuilding.segment(whole)]
        } else {
            throw TranscriptError(
                source: options.sourceName, field: "segments", reason: "missing: not a Whisper JSON transcript")
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }
}

extension WhisperJSONParser {
    /// Any other JSON (Podcasting 2.0 JSON is recognised before it).
    public static func detects(_ sample: DetectionSample) -> Bool { sample.opensJSON }
}
