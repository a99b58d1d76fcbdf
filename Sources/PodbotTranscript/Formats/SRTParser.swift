/// SubRip (`.srt`): numbered cues, `00:00:01,000 --> 00:00:02,500`, text lines, blank-line separated.
///
/// Tolerates CRLF, a missing final blank line, a missing cue number, and markup like `<i>` or `{\an8}`.
/// A leading `- ` on a cue marks a change of speaker (`speakerChange`); a recurring `Name: ` label names the
/// speaker.
public enum SRTParser: TranscriptParser {
    /// `.srt`.
    public static let format = TranscriptFormat.srt

    /// Parses SRT cues; a broken time range is reported with its line number.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let lines = TextLines.split(text).map { $0.trimmed }
        var segments: [Segment] = []
        var index = 0
        func timingError(_ line: Int) -> TranscriptError {
            TranscriptError(
                source: options.sourceName, line: line + 1, field: "timestamp",
                reason: "\"\(lines[line])\" is not a valid SRT time range")
        }
        while index < lines.count {
            guard !lines[index].isEmpty else { index += 1; continue }
            var timingLine = index
            if !lines[index].contains("-->") {
                guard lines[index].allSatisfy(\.isNumber) else {
                    throw TranscriptError(
                        source: options.sourceName, line: index + 1, field: "cue",
                        reason: "expected a cue number or a time range, found \"\(lines[index].prefix(60))\"")
                }
                timingLine = index + 1
                guard timingLine < lines.count, lines[timingLine].contains("-->") else {
                    throw TranscriptError(
                        source: options.sourceName, line: timingLine + 1, field: "timestamp",
                        reason: "cue \(lines[index]) has no time range line")
                }
            }
            guard let range = Timestamp.range(lines[timingLine]) else { throw timingError(timingLine) }
            var body: [Substring] = []
            index = timingLine + 1
            while index < lines.count, !lines[index].isEmpty {
                // A cue number directly followed by a time range starts the next cue even without a blank line.
                if lines[index].allSatisfy(\.isNumber), index + 1 < lines.count, lines[index + 1].contains("-->") {
                    break
                }
                body.append(lines[index])
                index += 1
            }
            let speakerChange = body.first.map { $0 == "-" || $0.hasPrefix("- ") } ?? false
            let spoken = body.map { line in
                line.hasPrefix("- ") ? Markup.strip(line.dropFirst(2)) : Markup.strip(line)
            }.joined(separator: " ")
            segments.append(
                TranscriptBuilding.segment(spoken, startMs: range.start, endMs: range.end, speakerChange: speakerChange)
            )
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        labelSpeakers(&segments)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }

    /// SRT has no voices, so subtitle files (and podbot's own export) write `Name: text`. A name that opens at
    /// least two cues, or any name when every cue opens with one, becomes the cue's speaker and leaves its text;
    /// a one-off `Note: …` among unlabelled cues stays text.
    static func labelSpeakers(_ segments: inout [Segment]) {
        let labels = segments.map { segment -> SpeakerLabels.Label? in
            guard segment.text.contains(":") else { return nil }
            return SpeakerLabels.labels(in: Array(segment.text.utf8), minimumRepeats: 1).first { $0.labelStart == 0 }
        }
        var counts: [String: Int] = [:]
        for label in labels.compactMap({ $0 }) { counts[label.name, default: 0] += 1 }
        let everyCue = labels.count >= 2 && zip(labels, segments).allSatisfy { $0 != nil || $1.text.isEmpty }
        for (index, label) in labels.enumerated() {
            guard let label, everyCue || counts[label.name, default: 0] >= 2 else { continue }
            segments[index].speaker = label.name
            segments[index].text = String(decoding: Array(segments[index].text.utf8)[label.textStart...], as: UTF8.self)
        }
    }
}

extension SRTParser {
    /// A first cue: a number, then a timing line (or the timing line alone).
    public static func detects(_ sample: DetectionSample) -> Bool {
        let first = sample.first
        let second = sample.lines.dropFirst().first
        return (first.allSatisfy(\.isNumber) && second.map(isTiming) == true) || isTiming(first)
    }

    /// `00:00:01,000 --> 00:00:02,500` (SRT uses a comma; a period is tolerated).
    ///
    /// Judged by shape, not by whether the times are valid: a file whose first cue has a broken time
    /// (`99:99:99,999 --> …`) is still SRT, and its parser names the line, as it does for a later cue.
    static func isTiming(_ line: Substring) -> Bool {
        guard line.first?.isNumber == true, let arrow = line.range(of: "-->") else { return false }
        func timeLike(_ side: Substring) -> Bool {
            let time = side.drop { $0.isWhitespace }.prefix { !$0.isWhitespace }
            // A typo (`00:00:0x,000`) still looks like a time: a digit first, a colon, no other punctuation.
            return time.first?.isNumber == true && time.contains(":")
                && time.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ":,.".contains($0)) }
        }
        return timeLike(line[..<arrow.lowerBound]) && timeLike(line[arrow.upperBound...])
    }
}
