/// Tells transcript formats apart by their content, never by file extension: each parser recognises its own format
/// (``TranscriptParser/detects(_:)``), asked in ``TranscriptFormat/detectionOrder``.
public enum FormatDetector {
    /// The most specific format whose shape `text` has; `.plainText` when nothing else fits.
    public static func detect(_ text: String) -> TranscriptFormat {
        let sample = DetectionSample(text)
        guard !sample.lines.isEmpty else { return .plainText }
        return TranscriptFormat.detectionOrder.first { $0.parser.detects(sample) } ?? .plainText
    }
}

/// What format detection reads of a text: its head and first non-empty lines, computed once for every parser.
public struct DetectionSample: Sendable {
    /// The whole text.
    public let text: String
    /// Its first 20,000 characters.
    public let head: Substring
    /// Up to 40 of the head's non-empty lines, trimmed.
    public let lines: [Substring]

    public init(_ text: String) {
        self.text = text
        head = text.prefix(20_000)
        lines = Array(TextLines.split(String(head)).map { $0.trimmed }.filter { !$0.isEmpty }.prefix(40))
    }

    /// The first non-empty line ("" for an empty text).
    public var first: Substring { lines.first ?? "" }

    /// The head opens a JSON document.
    var opensJSON: Bool { first.first == "{" || first.first == "[" }
}
