import PodbotLibrary

/// Where one passage sits in its episode's transcript: the anchor `#p-<id>` that citations link to.
struct PassageAnchor: Sendable, Equatable, Encodable {
    var id: Int64
    var ordinal: Int
    var firstSegment: Int
    var lastSegment: Int
    var startSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case id, ordinal
        case firstSegment = "first_segment"
        case lastSegment = "last_segment"
        case startSeconds = "start_seconds"
    }

    /// The anchor of a stored passage; `nil` for one without an id.
    init?(_ passage: Passage) {
        guard let id = passage.id else { return nil }
        self.id = id
        ordinal = passage.ordinal
        firstSegment = passage.firstSegment
        lastSegment = passage.lastSegment
        startSeconds = passage.startMs.map { Double($0) / 1000 }
    }
}
