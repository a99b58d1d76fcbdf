/// What the user told `podbot import` about the input, beyond its bytes.
public struct ParseOptions: Sendable, Equatable {
    /// Source name used in errors and provenance (usually the file path).
    public var sourceName: String
    /// Speaker names given with `--speakers`, for formats that name speakers inline without a colon.
    public var speakers: [String]

    public init(sourceName: String, speakers: [String] = []) {
        self.sourceName = sourceName
        self.speakers = speakers
    }
}
