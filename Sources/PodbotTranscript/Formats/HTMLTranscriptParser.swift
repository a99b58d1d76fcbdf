import Foundation

/// Podcasting 2.0 HTML (`podcast:transcript` type `text/html`): a run of
/// `<cite>Speaker:</cite> <time>0:05</time> <p>Spoken text</p>` groups, speaker and time optional.
///
/// Each `<p>` is a segment: it takes the last `<cite>` and `<time>` seen before it, and ends where the next
/// timed paragraph starts. Anything outside these three elements (`<html>`, `<head>`, `<style>`, `<script>`,
/// a `<title>`) is ignored.
public enum HTMLTranscriptParser: TranscriptParser {
    /// `.html`.
    public static let format = TranscriptFormat.html

    /// Parses the transcript; a `<time>` that is not a time is reported with its line.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        var segments: [Segment] = []
        var speaker: String?
        var startMs: Int?
        var startUsed = false
        for element in HTMLElements(text) {
            switch element.name {
            case "cite":
                var name = element.text.trimmed
                if name.last == ":" { name = name.dropLast().trimmed }
                speaker = name.isEmpty ? nil : String(name)
            case "time":
                let written = element.text.trimmed
                guard let ms = Timestamp.milliseconds(written) ?? Self.seconds(String(written))
                else {
                    throw TranscriptError(
                        source: options.sourceName, line: element.line, field: "time",
                        reason: "\"\(written.prefix(40))\" is not a time (expected H:MM:SS or M:SS)")
                }
                startMs = ms
                startUsed = false
            default:
                let body = element.text.trimmed
                guard !body.isEmpty else { continue }
                // A second paragraph under the same <time> has no time of its own.
                segments.append(
                    TranscriptBuilding.segment(body, speaker: speaker, startMs: startUsed ? nil : startMs))
                startUsed = true
            }
        }
        closeTimes(&segments)
        try TranscriptBuilding.requireSpeech(segments, options: options)
        let metadata = EpisodeMetadata(durationSeconds: TranscriptBuilding.duration(segments))
        return [Transcript(metadata: metadata, segments: segments, format: format)]
    }

    /// A bare number of seconds (`<time>65.5</time>`), which some feeds write.
    private static func seconds(_ text: String) -> Int? {
        guard let value = Double(text), value.isFinite, value >= 0, value < 1e8 else { return nil }
        return Int((value * 1000).rounded())
    }

    /// Each timed segment ends where the next timed one starts; the last ends at its start.
    private static func closeTimes(_ segments: inout [Segment]) {
        var nextStart: Int?
        for index in segments.indices.reversed() {
            guard let start = segments[index].startMs else { continue }
            segments[index].endMs = max(start, nextStart ?? start)
            nextStart = start
        }
    }
}

/// `<cite>`, `<time>` and `<p>` elements of an HTML document, in order, with their text (inner tags stripped,
/// entities decoded) and the line each starts on.
struct HTMLElements: Sequence, IteratorProtocol {
    struct Element {
        let name: String
        let text: String
        let line: Int
    }

    private let text: String
    private var index: String.Index
    private var line = 1

    init(_ text: String) {
        self.text = text
        self.index = text.startIndex
    }

    mutating func next() -> Element? {
        while let open = text[index...].firstIndex(of: "<") {
            line += text[index..<open].utf8.count { $0 == 0x0A }
            index = open
            guard let close = text[open...].firstIndex(of: ">") else { return nil }
            let tag = text[text.index(after: open)..<close]
            let name = String(tag.prefix { $0.isLetter || $0.isNumber }).lowercased()
            let startLine = line
            line += tag.utf8.count { $0 == 0x0A }
            index = text.index(after: close)
            switch name {
            case "script", "style", "head", "title":
                skip(past: "</\(name)")
            case "cite", "time", "p":
                let end = text.range(of: "</\(name)", options: .caseInsensitive, range: index..<text.endIndex)
                let inner = text[index..<(end?.lowerBound ?? text.endIndex)]
                line += inner.utf8.count { $0 == 0x0A }
                index =
                    end.map { text[$0.upperBound...].firstIndex(of: ">").map(text.index(after:)) ?? text.endIndex }
                    ?? text.endIndex
                let plain = Markup.strip(inner).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return Element(name: name, text: plain, line: startLine)
            default:
                continue
            }
        }
        return nil
    }

    private mutating func skip(past closing: String) {
        guard let end = text.range(of: closing, options: .caseInsensitive, range: index..<text.endIndex) else {
            index = text.endIndex
            return
        }
        line += text[index..<end.lowerBound].utf8.count { $0 == 0x0A }
        index = text[end.upperBound...].firstIndex(of: ">").map(text.index(after:)) ?? text.endIndex
    }
}

extension HTMLTranscriptParser {
    /// A document that opens with a tag and holds HTML's document or paragraph elements.
    public static func detects(_ sample: DetectionSample) -> Bool {
        guard sample.first.first == "<" else { return false }
        let head = sample.head.lowercased()
        return ["<!doctype html", "<html", "<p>", "<p ", "<cite>", "<time>"].contains { head.contains($0) }
    }
}
