import PodbotTranscript

/// One file to import and what the user said about it.
public struct ImportRequest: Sendable {
    public var path: String
    /// `nil` detects the format from the content.
    public var format: TranscriptFormat?
    /// Metadata from flags or a sidecar; fields set here override what the file says.
    public var metadata: EpisodeMetadata
    /// Speaker names for transcripts that name speakers inline without a colon.
    public var speakers: [String]
    /// Replace an earlier import of the same content or path instead of skipping or refusing it.
    public var replace: Bool

    public init(
        path: String, format: TranscriptFormat? = nil, metadata: EpisodeMetadata = EpisodeMetadata(),
        speakers: [String] = [], replace: Bool = false
    ) {
        self.path = path
        self.format = format
        self.metadata = metadata
        self.speakers = speakers
        self.replace = replace
    }
}

/// Limits that keep one import bounded in memory.
public struct ImportLimits: Sendable {
    /// Files larger than this are refused before they are read. Real transcripts are well under 5 MB;
    /// the default leaves room for large multi-episode CSV exports.
    public var maxBytes: Int

    public init(maxBytes: Int = 64 << 20) { self.maxBytes = maxBytes }

    public static let `default` = ImportLimits()
}

/// What importing one file did.
public struct ImportReport: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// New content, stored.
        case imported
        /// The same content was already in the library; nothing changed.
        case unchanged
        /// An earlier import of this content or path was replaced.
        case replaced
    }

    public var path: String
    public var status: Status
    public var format: TranscriptFormat
    public var sha256: String
    public var episodeIDs: [Int64]
}
