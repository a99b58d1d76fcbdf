/// Podcasting 2.0 JSON (`podcast:transcript` type `application/json`):
/// `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}, ...]}`.
public enum PodcastJSONParser: TranscriptParser {
    /// `.podcastJSON`.
    public static let format = TranscriptFormat.podcastJSON

    /// Parses Podcasting 2.0 JSON; a bad field is reported as `segments[i].key`.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let object = try JSONInput.object(text, options: options)
        guard let items = try JSONInput.segments(object, options: options) else {
            throw TranscriptError(
                source: options.sourceName, field: "segments", reason: "missing: not a Podcasting 2.0 JSON transcript")
        }
        var segments: [Segment] = []
        for (index, item) in items.enumerated() {
            guard let body = try JSONInput.string(item, "body", index: index, options: options) else {
                throw TranscriptError(source: options.sourceName, field: "segments[\(index)].body", reason: "missing")
            }
            let start = try JSONInput.milliseconds(item, "startTime", index: index, options: options)
            let end = try JSONInput.milliseconds(item, "endTime", index: index, options: options)
            let speaker = try JSONInput.string(item, "speaker", index: index, options: options)?.trimmed
            segments.append(
                TranscriptBuilding.segment(
                    body, speaker: speaker.flatMap { $0.isEmpty ? nil : String($0) }, startMs: start, endMs: end))
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }
}

extension PodcastJSONParser {
    /// JSON with the Podcasting 2.0 transcript keys (`startTime`, `body`).
    public static func detects(_ sample: DetectionSample) -> Bool {
        sample.opensJSON && (sample.head.contains("\"startTime\"") || sample.head.contains("\"body\""))
    }
}
