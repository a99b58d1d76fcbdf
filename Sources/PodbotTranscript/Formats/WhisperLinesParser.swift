/// Whisper's console output: one cue per line, `[HH:MM:SS.mmm --> HH:MM:SS.mmm]   text` (or `MM:SS.mmm`).
///
/// Each cue becomes one segment. A leading `- ` marks a change of speaker; it is dropped from the text
/// and kept as `speakerChange`. A line without a time range continues the previous cue.
public enum WhisperLinesParser: TranscriptParser {
    /// `.whisperLines`.
    public static let format = TranscriptFormat.whisperLines

    /// Parses Whisper lines; the duration is the last cue's end.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        var segments: [Segment] = []
        for (offset, rawLine) in TextLines.split(text).enumerated() {
            let line = rawLine.trimmed
            guard !line.isEmpty else { continue }
            guard line.utf8.first == UInt8(ascii: "["), let close = line.firstIndexOfASCII(UInt8(ascii: "]")),
                line[..<close].rangeOfASCII("-->") != nil
            else {
                guard let last = segments.popLast() else {
                    throw TranscriptError(
                        source: options.sourceName, line: offset + 1, field: "timestamp",
                        reason: "expected a cue like \"[00:00:01.000 --> 00:00:02.000] text\"")
                }
                let joined = (last.nonSpeech + [last.text, String(line)]).joined(separator: " ")
                segments.append(
                    TranscriptBuilding.segment(
                        joined, startMs: last.startMs, endMs: last.endMs, speakerChange: last.speakerChange))
                continue
            }
            let timing = line[line.index(after: line.startIndex)..<close]
            guard let range = Timestamp.range(timing), range.rest.isEmpty else {
                throw TranscriptError(
                    source: options.sourceName, line: offset + 1, field: "timestamp",
                    reason: "\"\(timing)\" is not a valid time range")
            }
            var body = line[line.index(after: close)...].trimmed
            var speakerChange = false
            if body == "-" || body.hasPrefix("- ") {
                speakerChange = true
                body = body.dropFirst().trimmed
            }
            segments.append(
                TranscriptBuilding.segment(body, startMs: range.start, endMs: range.end, speakerChange: speakerChange))
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }
}

extension WhisperLinesParser {
    /// A first line like `[00:00:01.000 --> 00:00:02.000] ...`.
    public static func detects(_ sample: DetectionSample) -> Bool {
        let line = sample.first
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return false }
        return Timestamp.range(line[line.index(after: line.startIndex)..<close]) != nil
    }
}
