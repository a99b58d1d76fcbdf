/// Speaker names written inline without a colon, e.g. `hugo bowne-anderson Hi there, Jeremy. ... Jeremy G'day.`
///
/// Names come from `options.speakers` (matched case-insensitively, output as the user spelled them) or
/// are detected from the text (see `InlineSpeakers`); detected lowercase names are title-cased. Text
/// before the first name (an opening disclaimer) is a segment with no speaker.
public enum InlineSpeakerParser: TranscriptParser {
    /// `.inlineSpeakers`.
    public static let format = TranscriptFormat.inlineSpeakers

    /// Parses text into speaker turns at inline names.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let speakers = options.speakers.isEmpty ? InlineSpeakers.detect(text) : options.speakers
        guard !speakers.isEmpty else {
            throw TranscriptError(
                source: options.sourceName, field: "speakers",
                reason: "no inline speaker names found; pass the names with --speakers")
        }
        let segments = InlineSpeakers.turns(text, speakers: speakers).map {
            TranscriptBuilding.segment($0.text, speaker: $0.speaker)
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        return [Transcript(metadata: EpisodeMetadata(), segments: segments, format: format)]
    }
}

extension InlineSpeakerParser {
    /// Speaker names opening turns inside the text, with no label punctuation.
    public static func detects(_ sample: DetectionSample) -> Bool { !InlineSpeakers.detect(sample.text).isEmpty }
}
