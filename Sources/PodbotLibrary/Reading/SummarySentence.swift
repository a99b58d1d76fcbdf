import Foundation

/// One sentence of a generated summary and where it came from: the transcript chunk it was written from (and so its
/// time range), and how much of it that chunk supports. Times are `nil` for untimed episodes, never invented;
/// `position` (0…1) places the chunk in the episode either way.
public struct SummarySentence: Sendable, Equatable, Codable {
    public var text: String
    @Nullable public var startSeconds: Double? = nil
    @Nullable public var endSeconds: Double? = nil
    /// 0-based index of the source chunk.
    public var chunk: Int
    /// Where the chunk starts, as a share of the episode.
    public var position: Double
    /// Share (0…1) of the sentence's content words found in its chunk.
    public var support: Double

    public init(
        text: String, startSeconds: Double?, endSeconds: Double?, chunk: Int, position: Double, support: Double
    ) {
        self.text = text
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.chunk = chunk
        self.position = position
        self.support = support
    }

    enum CodingKeys: String, CodingKey {
        case text, chunk, position, support
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }

    /// The sentences stored in a generated summary's details (`{"sentences": [...]}`); `nil` when it has none.
    public static func stored(in details: String?) -> [SummarySentence]? {
        struct Holder: Decodable { var sentences: [SummarySentence]? }
        guard let data = details?.data(using: .utf8) else { return nil }
        return (try? JSONDecoder().decode(Holder.self, from: data))?.sentences
    }
}
