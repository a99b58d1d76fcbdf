/// One episode's transcript as any parser produces it: metadata plus ordered segments.
///
/// Every format (Whisper lines, SRT, WebVTT, JSON, CSV, speaker-labelled or plain text) ends up as
/// this value; storage, chunking and search never see the source shape.
public struct Transcript: Sendable, Equatable {
    /// What is known about the episode. Unknown fields stay `nil`; parsers never invent them.
    public var metadata: EpisodeMetadata
    /// The spoken text in order.
    public var segments: [Segment]
    /// The format the parser read.
    public var format: TranscriptFormat
    /// Enrichments that arrived with the transcript (the reference CSV's `summary`/`questions`).
    public var imported: ImportedEnrichment?

    public init(
        metadata: EpisodeMetadata,
        segments: [Segment],
        format: TranscriptFormat,
        imported: ImportedEnrichment? = nil
    ) {
        self.metadata = metadata
        self.segments = segments
        self.format = format
        self.imported = imported
    }

    /// True when at least one segment carries a start time.
    public var hasTimestamps: Bool { segments.contains { $0.startMs != nil } }

    /// Distinct speakers in order of first appearance.
    public var speakers: [String] {
        var seen = Set<String>()
        return segments.compactMap(\.speaker).filter { seen.insert($0).inserted }
    }

    /// Whitespace word count of the spoken text, as the reference bot counted `total_words`.
    public var wordCount: Int { segments.reduce(0) { $0 + $1.wordCount } }
}

/// A run of speech by one speaker (or an unknown one), with times where the source has them.
public struct Segment: Sendable, Equatable {
    /// Speaker name as the source gives it (normalised for case), or `nil` when unknown.
    public var speaker: String?
    /// Start in milliseconds from the episode start, when the source has times.
    public var startMs: Int?
    /// End in milliseconds, when the source has times.
    public var endMs: Int?
    /// Spoken text, with non-speech tags removed.
    public var text: String
    /// Non-speech tags found in this segment (`[MUSIC PLAYING]`, `(laughs)`), kept but not searched.
    public var nonSpeech: [String]
    /// True when the source marks a change of speaker here without naming anyone (a Whisper cue's
    /// leading `- `). A boundary hint for chunking; `speaker` stays `nil`.
    public var speakerChange: Bool

    public init(
        speaker: String? = nil, startMs: Int? = nil, endMs: Int? = nil, text: String, nonSpeech: [String] = [],
        speakerChange: Bool = false
    ) {
        self.speaker = speaker
        self.startMs = startMs
        self.endMs = endMs
        self.text = text
        self.nonSpeech = nonSpeech
        self.speakerChange = speakerChange
    }

    /// Whitespace-separated word count of `text`.
    public var wordCount: Int { Self.wordCount(text) }

    /// `text.split(whereSeparator: \.isWhitespace).count`, counted on UTF-8 bytes (ASCII text) or unicode
    /// scalars instead of characters, which is several times faster.
    ///
    /// The counts are the same: a word is a run of non-whitespace scalars as long as no whitespace scalar
    /// shares a character (grapheme cluster) with a neighbour, and that needs a neighbour that extends
    /// clusters (combining marks, ZWJ, spacing marks, prepend characters). Those are never ASCII, letters of
    /// case, digits, punctuation or currency and math symbols; next to any other scalar the character-level
    /// count is used.
    static func wordCount(_ text: String) -> Int {
        var text = text
        let ascii: Int? = text.withUTF8 { bytes in
            var count = 0
            var inWord = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                let space = byte == 0x20 || (0x09...0x0D).contains(byte)
                if !space && !inWord { count += 1 }
                inWord = !space
            }
            return count
        }
        if let ascii { return ascii }
        var count = 0
        var previous: Unicode.Scalar?
        var previousIsSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let space = value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : scalar.properties.isWhitespace
            if space {
                if let previous, !neverJoinsSpace(previous) { return text.split(whereSeparator: \.isWhitespace).count }
            } else {
                if previousIsSpace && !neverJoinsSpace(scalar) {
                    return text.split(whereSeparator: \.isWhitespace).count
                }
                if previous == nil || previousIsSpace { count += 1 }
            }
            previous = scalar
            previousIsSpace = space
        }
        return count
    }

    /// True for scalars that never share a grapheme cluster with an adjacent whitespace scalar.
    private static func neverJoinsSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 || scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .decimalNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol:
            return true
        default: return false
        }
    }
}

/// Episode metadata. Every field is optional because most transcript shapes carry none of it.
public struct EpisodeMetadata: Sendable, Equatable, Codable {
    public var title: String?
    public var show: String?
    public var url: String?
    /// Publication date as `YYYY-MM-DD`.
    public var published: String?
    /// Duration in seconds: declared by the source, or the last cue's end for timed formats.
    public var durationSeconds: Double?
    /// A word count the source declares (the CSV's `total_words`); `nil` means "count the text".
    public var declaredWords: Int?
    public var hosts: [String]
    public var guests: [String]

    public init(
        title: String? = nil, show: String? = nil, url: String? = nil, published: String? = nil,
        durationSeconds: Double? = nil, declaredWords: Int? = nil, hosts: [String] = [], guests: [String] = []
    ) {
        self.title = title
        self.show = show
        self.url = url
        self.published = published
        self.durationSeconds = durationSeconds
        self.declaredWords = declaredWords
        self.hosts = hosts
        self.guests = guests
    }

    /// Fills every field that is `nil` (or empty) here from `other`; fields set here win.
    public func filling(from other: EpisodeMetadata) -> EpisodeMetadata {
        EpisodeMetadata(
            title: title ?? other.title, show: show ?? other.show, url: url ?? other.url,
            published: published ?? other.published, durationSeconds: durationSeconds ?? other.durationSeconds,
            declaredWords: declaredWords ?? other.declaredWords,
            hosts: hosts.isEmpty ? other.hosts : hosts, guests: guests.isEmpty ? other.guests : guests)
    }
}

/// Summary and questions that came with the source (marked as imported, not generated by podbot).
public struct ImportedEnrichment: Sendable, Equatable {
    public var summary: String?
    public var questions: [String]

    public init(summary: String?, questions: [String]) {
        self.summary = summary
        self.questions = questions
    }
}

/// The transcript shapes podbot reads. The raw value is the `--format` spelling.
public enum TranscriptFormat: String, Sendable, CaseIterable, Codable {
    case whisperLines = "whisper-lines"
    case srt
    case webvtt = "vtt"
    case whisperJSON = "whisper-json"
    case podcastJSON = "podcast-json"
    case html
    case csv
    case speakerLabelled = "labelled"
    case inlineSpeakers = "inline-speakers"
    case plainText = "text"
    /// Speech transcribed from an audio file (issue 13).
    case audio
}
