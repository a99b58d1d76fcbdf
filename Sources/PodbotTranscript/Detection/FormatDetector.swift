/// Tells transcript formats apart by their content, never by file extension.
public enum FormatDetector {
    /// The most specific format whose shape `text` has; `.plainText` when nothing else fits.
    ///
    /// Order: WebVTT header, Whisper cue lines, JSON (Podcasting 2.0 keys vs Whisper), HTML, SRT cue,
    /// CSV header (after up to 30 lines of chrome), recurring `Name:` labels, inline speaker names.
    public static func detect(_ text: String) -> TranscriptFormat {
        let lines = TextLines.split(String(text.prefix(20_000))).map { $0.trimmed }.filter { !$0.isEmpty }.prefix(40)
        guard let first = lines.first else { return .plainText }
        if first.hasPrefix("WEBVTT") { return .webvtt }
        if isWhisperCue(first) { return .whisperLines }
        if first.first == "{" || first.first == "[" {
            let head = text.prefix(20_000)
            return head.contains("\"startTime\"") || head.contains("\"body\"") ? .podcastJSON : .whisperJSON
        }
        if first.first == "<", isHTML(text) { return .html }
        let second = lines.dropFirst().first
        if (first.allSatisfy(\.isNumber) && second.map(isSRTTiming) == true) || isSRTTiming(first) { return .srt }
        let bytes = Array(text.utf8)
        if CSVHeader.locate(in: bytes) != nil { return .csv }
        let labels = SpeakerLabels.labels(in: bytes)
        var counts: [String: Int] = [:]
        for label in labels { counts[label.name, default: 0] += 1 }
        if counts.count >= 2 || counts.values.contains(where: { $0 >= 3 }) { return .speakerLabelled }
        if !InlineSpeakers.detect(text).isEmpty { return .inlineSpeakers }
        return .plainText
    }

    /// A document that opens with a tag and holds HTML's document or paragraph elements.
    static func isHTML(_ text: String) -> Bool {
        let head = text.prefix(20_000).lowercased()
        return ["<!doctype html", "<html", "<p>", "<p ", "<cite>", "<time>"].contains { head.contains($0) }
    }

    /// `[00:00:01.000 --> 00:00:02.000] ...`
    static func isWhisperCue(_ line: Substring) -> Bool {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return false }
        return Timestamp.range(line[line.index(after: line.startIndex)..<close]) != nil
    }

    /// `00:00:01,000 --> 00:00:02,500` (SRT uses a comma; a period is tolerated).
    ///
    /// Judged by shape, not by whether the times are valid: a file whose first cue has a broken time
    /// (`99:99:99,999 --> …`) is still SRT, and its parser names the line, as it does for a later cue.
    static func isSRTTiming(_ line: Substring) -> Bool {
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
