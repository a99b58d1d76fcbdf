/// One transcript format's parser. Adding a format means adding one conforming type and one fixture.
public protocol TranscriptParser: Sendable {
    /// The format this parser reads.
    static var format: TranscriptFormat { get }
    /// Parses already decoded (and repaired) text.
    /// - Throws: `TranscriptError` naming `options.sourceName` and, where possible, the line and field.
    static func parse(_ text: String, options: ParseOptions) throws -> [Transcript]
}

extension TranscriptFormat {
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
