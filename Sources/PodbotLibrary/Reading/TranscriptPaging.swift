/// How much of a transcript one request may read: the rule the API, the pages and MCP share. An episode can hold
/// millions of words (issue 15's probe stored one of 1.55 M); 2,000 segments is about two hours of speech, so
/// most episodes are one page.
public enum TranscriptPaging {
    /// Segments per page when the client names no limit.
    public static let defaultLimit = 2000
    /// The limits a client may ask for.
    public static let limits = 1...10_000
    /// The largest offset a client may give (beyond any real episode, below any overflow).
    public static let offsets = 0...100_000_000

    /// The segments `offset ..< offset + limit`.
    public static func page(offset: Int, limit: Int) -> Range<Int> { offset..<(offset + limit) }
}
