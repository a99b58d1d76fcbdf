/// Plain text without times or speakers: either paragraphs separated by blank lines, or one block
/// (hard-wrapped ASR lines, or one huge line) that is re-flowed into sentences and paragraphs.
///
/// A leading line of transcription-service chrome ("Transcribe your podcast") is dropped. Line breaks
/// inside a block are spaces, so no word is ever cut.
public enum PlainTextParser: TranscriptParser {
    /// `.plainText`.
    public static let format = TranscriptFormat.plainText

    /// First lines that transcription services put above the text (lowercased).
    static let serviceChrome: Set<String> = [
        "transcribe your podcast", "transcribed by otter.ai", "powered by otter.ai",
    ]

    /// A paragraph longer than this (in words) is re-flowed like an unparagraphed block.
    static let longParagraph = 400

    /// Parses plain text into paragraph segments.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        var blocks: [[Substring]] = [[]]
        for line in TextLines.split(text) {
            if line.isBlank {
                if !blocks[blocks.count - 1].isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        if blocks.last?.isEmpty == true { blocks.removeLast() }
        if let first = blocks.first?.first, serviceChrome.contains(first.trimmed.lowercased()) {
            blocks[0].removeFirst()
            if blocks[0].isEmpty { blocks.removeFirst() }
        }
        var paragraphs: [String] = []
        for block in blocks {
            let joined = block.joined(separator: " ")
            if blocks.count == 1 || joined.words.count > longParagraph {
                paragraphs += ParagraphBuilder.paragraphs(joined)
            } else {
                paragraphs.append(joined.collapsingWhitespace)
            }
        }
        let segments = paragraphs.map { TranscriptBuilding.segment($0) }
        try TranscriptBuilding.requireSpeech(segments, options: options)
        return [Transcript(metadata: EpisodeMetadata(), segments: segments, format: format)]
    }
}

extension PlainTextParser {
    /// Anything: plain text is what is left when no other format fits.
    public static func detects(_ sample: DetectionSample) -> Bool { true }
}
