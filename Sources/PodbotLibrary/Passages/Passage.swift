/// A searchable, citable span of one episode: about a paragraph, built from whole words of its segments.
public struct Passage: Sendable, Equatable {
    /// Position within the episode, from 0.
    public var ordinal: Int
    /// Ordinals of the first and last segment the passage draws on.
    public var firstSegment: Int
    public var lastSegment: Int
    /// Distinct speakers in order of appearance (empty when the transcript names none).
    public var speakers: [String]
    /// Start of the first timed segment and end of the last, in milliseconds, where the source has times.
    public var startMs: Int?
    public var endMs: Int?
    public var text: String
    public var words: Int
    /// The stored passage's id (what search hits and transcript anchors name); `nil` before it is stored.
    public var id: Int64? = nil
}

/// Sizes for passages, in whitespace words.
public struct PassagePolicy: Sendable, Equatable {
    /// A passage closes at a speaker change once it has this many words.
    public var minWords: Int
    /// A passage closes at the first sentence end after this many words.
    public var targetWords: Int
    /// A passage never grows past this many words (it then closes at a word boundary).
    public var maxWords: Int

    public init(minWords: Int = 40, targetWords: Int = 100, maxWords: Int = 150) {
        precondition(0 < minWords && minWords <= targetWords && targetWords <= maxWords, "invalid passage policy")
        self.minWords = minWords
        self.targetWords = targetWords
        self.maxWords = maxWords
    }

    public static let `default` = PassagePolicy()
}
