/// The one entry point the storage layer uses: bytes in, transcripts out.
public enum TranscriptReader {
    /// Decodes bytes, repairs mojibake, detects the format (unless given) and parses.
    ///
    /// - Parameters:
    ///   - bytes: the whole file, already read (size limits are the caller's business).
    ///   - options: source name for errors and user-supplied speaker names.
    ///   - format: forces a format instead of detecting it from the content.
    /// - Returns: one transcript per episode (several for a CSV, one otherwise).
    /// - Throws: `TranscriptError` naming the source, and line and field where applicable.
    public static func read(_ bytes: [UInt8], options: ParseOptions, format: TranscriptFormat? = nil) throws
        -> [Transcript]
    {
        let text = MojibakeRepair.repair(try TranscriptDecoder.decode(bytes, source: options.sourceName))
        var chosen = format ?? FormatDetector.detect(text)
        if format == nil, chosen == .plainText, InlineSpeakers.mentionsAny(options.speakers, in: text) {
            chosen = .inlineSpeakers
        }
        return try chosen.parser.parse(text, options: options)
    }
}
