/// Text with `Name:` speaker labels, at line starts or inline after a sentence end
/// ("... enjoy it. Lukas: You're listening ..."). One segment per speaker turn.
///
/// A label counts only if it is 1–3 capitalised words and the same name recurs as a label, so
/// "Note: ..." or "the thing is: ..." are left in the text. Text before the first label has no speaker.
public enum SpeakerLabelledParser: TranscriptParser {
    /// `.speakerLabelled`.
    public static let format = TranscriptFormat.speakerLabelled

    /// Parses labelled text into speaker turns.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let labels = SpeakerLabels.labels(in: Array(text.utf8))
        guard !labels.isEmpty else {
            throw TranscriptError(
                source: options.sourceName, field: "speaker",
                reason: "no recurring `Name:` speaker labels found; import it as plain text instead")
        }
        let segments = SpeakerLabels.turns(text, labels: labels).map {
            TranscriptBuilding.segment($0.text, speaker: $0.speaker)
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        return [Transcript(metadata: EpisodeMetadata(), segments: segments, format: format)]
    }
}

extension SpeakerLabelledParser {
    /// `Name:` labels of two speakers, or one speaker's three times.
    public static func detects(_ sample: DetectionSample) -> Bool {
        var counts: [String: Int] = [:]
        for label in SpeakerLabels.labels(in: Array(sample.text.utf8)) { counts[label.name, default: 0] += 1 }
        return counts.count >= 2 || counts.values.contains { $0 >= 3 }
    }
}
