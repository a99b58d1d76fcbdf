/// Small shared steps every parser ends with.
enum TranscriptBuilding {
    /// Fails when no segment has spoken text or a non-speech tag: such a file holds no transcript.
    static func requireSpeech(_ segments: [Segment], options: ParseOptions, line: Int? = nil) throws {
        guard segments.contains(where: { !$0.text.isEmpty }) else {
            throw TranscriptError(
                source: options.sourceName, line: line, reason: "no speech found: the file has no transcript text")
        }
    }

    /// A segment from raw spoken text: non-speech tags moved to `nonSpeech`, whitespace tidied.
    static func segment(
        _ raw: some StringProtocol, speaker: String? = nil, startMs: Int? = nil, endMs: Int? = nil,
        speakerChange: Bool = false
    ) -> Segment {
        let (text, tags) = NonSpeechTags.extract(raw)
        return Segment(
            speaker: speaker, startMs: startMs, endMs: endMs, text: text, nonSpeech: tags, speakerChange: speakerChange)
    }

    /// Duration of a timed transcript: the last cue's end, in seconds.
    static func duration(_ segments: [Segment]) -> Double? {
        (segments.last?.endMs).map(Timestamp.seconds)
    }
}
