/// One passage found by a search, as `podbot search --json` prints it.
public struct SearchHit: Sendable, Equatable, Encodable {
    public var passageID: Int64
    public var episodeID: Int64
    public var title: String
    @Nullable public var show: String? = nil
    public var text: String
    /// The passage with matched terms wrapped in `«` `»`, trimmed around the matches.
    public var snippet: String
    /// Speakers of the passage joined by ", ", or null when unknown.
    @Nullable public var speaker: String? = nil
    @Nullable public var startSeconds: Double? = nil
    @Nullable public var endSeconds: Double? = nil
    /// Higher is better (negated BM25).
    public var score: Double
    /// A link to the moment when the source supports one (YouTube `t=`), else the episode URL, else null.
    @Nullable public var url: String? = nil
    /// The passage's place in its episode, from 0; `nil` for a hit built outside the library. Not in the JSON.
    public var ordinal: Int?
    /// How many passages its episode has; `nil` for a hit built outside the library. Not in the JSON.
    public var episodePassages: Int?
    /// Who says what, in order, when two speakers or more share the passage (``LibrarySnapshot/withTurns(_:)``);
    /// empty otherwise. Not in the JSON.
    public var turns: [Turn] = []

    /// One speaker's consecutive words within a passage.
    public struct Turn: Sendable, Equatable {
        public var speaker: String
        public var text: String

        public init(speaker: String, text: String) {
            self.speaker = speaker
            self.text = text
        }
    }

    enum CodingKeys: String, CodingKey {
        case title, show, text, snippet, speaker, score, url
        case passageID = "passage_id"
        case episodeID = "episode_id"
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }
}

/// Where some words of a passage were said (``LibrarySnapshot/moment(ofPassage:text:words:)``).
public struct PassageMoment: Sendable, Equatable {
    /// The speakers of the words' segments, in order of first words; empty when unlabelled.
    public var speakers: [String]
    /// The start of the first word's segment; `nil` when the transcript has no times there.
    public var startSeconds: Double?
    /// A link to that moment (``DeepLink``), else the episode URL, else `nil`.
    public var url: String?

    public init(speakers: [String], startSeconds: Double?, url: String?) {
        self.speakers = speakers
        self.startSeconds = startSeconds
        self.url = url
    }
}
