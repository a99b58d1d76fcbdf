/// An episode with its transcript and enrichments, as `podbot show --json` prints it.
public struct EpisodeDetail: Sendable, Equatable, Encodable {
    public var episode: EpisodeSummary
    public var hosts: [String]
    public var guests: [String]
    public var transcript: [TranscriptLine]
    public var summary: String?
    /// `imported` (came with the source) or `generated` (podbot's model), `nil` without a summary.
    public var summaryOrigin: EnrichmentOrigin?
    /// A generated summary's sentences, each with its source chunk and moment; `nil` for imported summaries and
    /// summaries made before sentences were kept.
    public var summarySentences: [SummarySentence]? = nil
    /// podbot's generated chapters.
    public var chapters: [Chapter]
    /// The show creator's chapters, from its feed; never generated or changed by podbot.
    public var creatorChapters: [CreatorChapter] = []
    public var questions: [Question]
    /// Where the episode came from.
    public var source: SourceInfo
    /// The ordinal of `transcript`'s first segment: 0 unless a page of the transcript was read.
    public var transcriptOffset: Int = 0

    /// One segment of the transcript.
    public struct TranscriptLine: Sendable, Equatable, Encodable {
        @Nullable public var speaker: String? = nil
        @Nullable public var startSeconds: Double? = nil
        @Nullable public var endSeconds: Double? = nil
        public var text: String
        public var nonSpeech: [String]
        /// The source marks a change of unnamed speaker here.
        public var speakerChange: Bool

        enum CodingKeys: String, CodingKey {
            case speaker, text
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
            case nonSpeech = "non_speech"
            case speakerChange = "speaker_change"
        }
    }

    /// A chapter: timed episodes have `startSeconds`; untimed ones a `position` (0...1) and first words.
    public struct Chapter: Sendable, Equatable, Encodable {
        public var title: String
        @Nullable public var startSeconds: Double? = nil
        @Nullable public var position: Double? = nil
        @Nullable public var firstWords: String? = nil

        enum CodingKeys: String, CodingKey {
            case title, position
            case startSeconds = "start_seconds"
            case firstWords = "first_words"
        }
    }

    /// A listener question; `chunk` is the source chunk where podbot generated it, else null.
    public struct Question: Sendable, Equatable, Encodable {
        public var text: String
        @Nullable public var chunk: Int? = nil
        public var origin: EnrichmentOrigin
    }

    /// Import provenance.
    public struct SourceInfo: Sendable, Equatable, Encodable {
        public var path: String
        public var format: String
        public var sha256: String
        public var importedAt: String

        enum CodingKeys: String, CodingKey {
            case path, format, sha256
            case importedAt = "imported_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case hosts, guests, summary, chapters, questions, source
        case segments
        case summaryOrigin = "summary_origin"
        case summarySentences = "summary_sentences"
        case creatorChapters = "creator_chapters"
        case segmentOffset = "segment_offset"
        case segmentCount = "segment_count"
    }

    /// Flat: the summary's fields, then the details, with `segments` holding the transcript.
    public func encode(to encoder: any Encoder) throws {
        var summaryContainer = encoder.container(keyedBy: EpisodeSummary.CodingKeys.self)
        try episode.encodeFields(into: &summaryContainer)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hosts, forKey: .hosts)
        try container.encode(guests, forKey: .guests)
        try container.encode(transcript, forKey: .segments)
        // `segments` may be a page: where it starts and how many the episode has.
        try container.encode(transcriptOffset, forKey: .segmentOffset)
        try container.encode(episode.segments, forKey: .segmentCount)
        try container.encode(summary, forKey: .summary)
        try container.encode(summaryOrigin, forKey: .summaryOrigin)
        try container.encode(summarySentences, forKey: .summarySentences)
        try container.encode(chapters, forKey: .chapters)
        try container.encode(creatorChapters, forKey: .creatorChapters)
        try container.encode(questions, forKey: .questions)
        try container.encode(source, forKey: .source)
    }
}
