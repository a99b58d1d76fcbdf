/// One window of an episode's transcript, cut by model tokens, with where it sits in the episode.
public struct TranscriptChunk: Sendable, Hashable {
    /// 0-based index in the episode.
    public var index: Int
    /// The chunk's text (its sentences joined by spaces, segments by newlines).
    public var text: String
    /// Model tokens of `text`, as counted unit by unit.
    public var tokenCount: Int
    /// Index of the first and last transcript segment the chunk draws from.
    public var firstSegment: Int
    public var lastSegment: Int
    /// When the chunk starts and ends in the audio, from the transcript's times (interpolated inside a segment by
    /// character offset when the chunk starts mid-segment); `nil` when the transcript has no times there.
    public var startSeconds: Double?
    public var endSeconds: Double?
    /// The named speakers heard in the chunk, in order of first appearance.
    public var speakers: [String]
    /// Where the chunk starts, as a fraction (0...1) of the episode's tokens.
    public var position: Double

    /// The first `count` words of the chunk.
    public func firstWords(_ count: Int = 8) -> String {
        text.split(whereSeparator: \.isWhitespace).prefix(count).joined(separator: " ")
    }
}

/// One transcript segment as the chunker sees it.
public struct ChunkInput: Sendable, Hashable {
    public var text: String
    public var speaker: String?
    public var startSeconds: Double?
    public var endSeconds: Double?

    public init(text: String, speaker: String? = nil, startSeconds: Double? = nil, endSeconds: Double? = nil) {
        self.text = text
        self.speaker = speaker
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }
}

/// How an episode is cut into chunks.
public struct ChunkingParameters: Sendable, Hashable, Codable {
    /// Most model tokens per chunk (a single word longer than this still makes its own chunk).
    public var tokens: Int
    /// Tokens of the previous chunk's end repeated at the start of the next (whole sentences, at most this many).
    public var overlap: Int

    /// Bumped when the chunker's cutting rules change, so stored per-chunk outputs are not reused for other chunks.
    public static let algorithmVersion = 1

    public init(tokens: Int = 1000, overlap: Int = 0) {
        self.tokens = tokens
        self.overlap = overlap
    }

    /// The parameters as a stable string, part of every per-chunk output's key.
    public var key: String { "tokens=\(tokens),overlap=\(overlap),v\(Self.algorithmVersion)" }

    /// - Throws: ``EnrichmentError`` when the window is too small or the overlap not smaller than half of it.
    public func validate() throws {
        guard tokens >= 32 else {
            throw EnrichmentError("chunk size \(tokens) tokens is too small; use at least 32 (--chunk-tokens)")
        }
        guard overlap >= 0, overlap <= tokens / 2 else {
            throw EnrichmentError(
                "overlap \(overlap) must be between 0 and half the chunk size (\(tokens / 2)) (--overlap)")
        }
    }
}
