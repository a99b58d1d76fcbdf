/// One transcript format's parser, with how to recognise the format. Adding a format means adding one conforming
/// type in its own file, a ``TranscriptFormat`` case (with its place in ``TranscriptFormat/detectionOrder``) and
/// one fixture.
public protocol TranscriptParser: Sendable {
    /// The format this parser reads.
    static var format: TranscriptFormat { get }
    /// True when `sample` has this format's shape, judged by content, never by file extension. Formats are asked
    /// in ``TranscriptFormat/detectionOrder`` and the first to say yes wins, so a parser may count on every
    /// format before it having said no.
    static func detects(_ sample: DetectionSample) -> Bool
    /// Parses already decoded (and repaired) text.
    /// - Throws: `TranscriptError` naming `options.sourceName` and, where possible, the line and field.
    static func parse(_ text: String, options: ParseOptions) throws -> [Transcript]
}

extension TranscriptParser {
    /// A format that is never recognised from text (audio is transcribed, not read).
    public static func detects(_ sample: DetectionSample) -> Bool { false }
}

extension TranscriptFormat {
    /// The order in which formats are asked whether a text is theirs, most specific first: a WebVTT header, Whisper
    /// cue lines, JSON (Podcasting 2.0 keys, then Whisper's), HTML, an SRT cue, a CSV header (after up to 30 lines
    /// of chrome), recurring `Name:` labels, inline speaker names, and plain text, which takes anything.
    public static let detectionOrder: [TranscriptFormat] = [
        .webvtt, .whisperLines, .podcastJSON, .whisperJSON, .html, .srt, .csv, .speakerLabelled, .inlineSpeakers,
        .plainText,
    ]

    /// The parser for this format.
    public var parser: any TranscriptParser.Type {
        switch self {
        case .whisperLines: WhisperLinesParser.self
        case .srt: SRTParser.self
        case .webvtt: WebVTTParser.self
        case .whisperJSON: WhisperJSONParser.self
        case .podcastJSON: PodcastJSONParser.self
        case .html: HTMLTranscriptParser.self
        case .csv: CSVTranscriptParser.self
        case .speakerLabelled: SpeakerLabelledParser.self
        case .inlineSpeakers: InlineSpeakerParser.self
        case .plainText: PlainTextParser.self
        case .audio: AudioFormatParser.self
        }
    }
}
