import Foundation

/// WebVTT (`.vtt`): `WEBVTT` header, optional cue identifiers, `start --> end [settings]`, and payload
/// with `<v Name>` voice tags.
///
/// NOTE, STYLE and REGION blocks are skipped; cue settings (`align:start position:10%`) are ignored;
/// inline tags (`<c>`, `<i>`, `<00:00:01.000>`) are stripped. A cue with several voices becomes one
/// segment per voice, all with the cue's times.
public enum WebVTTParser: TranscriptParser {
    /// `.webvtt`.
    public static let format = TranscriptFormat.webvtt

    /// Parses WebVTT cues; a broken time range is reported with its line number.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let lines = TextLines.split(text).map { $0.trimmed }
        guard let headerLine = lines.firstIndex(where: { !$0.isEmpty }), lines[headerLine].hasPrefix("WEBVTT") else {
            throw TranscriptError(source: options.sourceName, line: 1, field: "header", reason: "missing WEBVTT header")
        }
        var index = headerLine
        while index < lines.count, !lines[index].isEmpty { index += 1 }  // header block
        var segments: [Segment] = []
        while index < lines.count {
            guard !lines[index].isEmpty else { index += 1; continue }
            let blockStart = index
            var blockEnd = index
            while blockEnd < lines.count, !lines[blockEnd].isEmpty { blockEnd += 1 }
            defer { index = blockEnd }
            let first = lines[blockStart]
            if ["NOTE", "STYLE", "REGION"].contains(where: {
                first == $0 || first.hasPrefix($0 + " ") || first.hasPrefix($0 + "\t")
            }) {
                continue
            }
            let timingLine = first.contains("-->") ? blockStart : blockStart + 1
            guard timingLine < blockEnd, lines[timingLine].contains("-->") else {
                throw TranscriptError(
                    source: options.sourceName, line: timingLine + 1, field: "timestamp",
                    reason: "cue \"\(first.prefix(60))\" has no time range line")
            }
            guard let range = Timestamp.range(lines[timingLine]) else {
                throw TranscriptError(
                    source: options.sourceName, line: timingLine + 1, field: "timestamp",
                    reason: "\"\(lines[timingLine])\" is not a valid WebVTT time range")
            }
            let payload = lines[(timingLine + 1)..<blockEnd].joined(separator: "\n")
            for (speaker, spoken) in voices(in: payload) {
                segments.append(
                    TranscriptBuilding.segment(spoken, speaker: speaker, startMs: range.start, endMs: range.end))
            }
        }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }

    /// Splits a cue payload at `<v Name>` / `<v.class Name>` tags into (speaker, text) runs.
    static func voices(in payload: String) -> [(speaker: String?, text: String)] {
        var runs: [(speaker: String?, text: String)] = []
        var speaker: String?
        var rest = payload[...]
        while let open = rest.range(of: "<v") {
            let afterTag = rest[open.upperBound...]
            guard let marker = afterTag.first, marker == " " || marker == "." || marker == "\t",
                let close = afterTag.firstIndex(of: ">")
            else {
                // Not a voice tag (e.g. "<very"): keep scanning after it.
                appendRun(&runs, speaker, rest[..<open.upperBound])
                rest = afterTag
                continue
            }
            appendRun(&runs, speaker, rest[..<open.lowerBound])
            var annotation = afterTag[..<close]
            if annotation.first == "." { annotation = annotation.drop(while: { !$0.isWhitespace }) }
            let name = annotation.trimmed
            speaker = name.isEmpty ? nil : String(name)
            rest = afterTag[afterTag.index(after: close)...]
        }
        appendRun(&runs, speaker, rest)
        // Merge pieces split by a non-voice "<v" match so each voice gives one run.
        var merged: [(speaker: String?, text: String)] = []
        for run in runs {
            if let last = merged.last, last.speaker == run.speaker {
                merged[merged.count - 1].text += run.text
            } else {
                merged.append(run)
            }
        }
        return merged.map { ($0.speaker, Markup.strip($0.text).collapsingWhitespace) }.filter { !$0.text.isEmpty }
    }

    private static func appendRun(
        _ runs: inout [(speaker: String?, text: String)], _ speaker: String?, _ text: Substring
    ) {
        guard !text.isBlank else { return }
        runs.append((speaker, String(text)))
    }
}

extension WebVTTParser {
    /// A `WEBVTT` header line.
    public static func detects(_ sample: DetectionSample) -> Bool { sample.first.hasPrefix("WEBVTT") }
}
