import Hummingbird
import PodbotLibrary

/// `GET /episodes`, `GET /episodes/{id}`, `GET /episodes/{id}/transcript`, `GET /episodes/{id}/export?format=`.
/// The first two return a page of the transcript (`offset`, `limit`; ``TranscriptPaging``).
struct EpisodesAPI {
    let backend: Backend

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("episodes") { request, _ in
            var episodes = try backend.library.episodes()
            if let show = request.query("show") {
                episodes = episodes.filter { $0.show?.caseInsensitiveCompare(show) == .orderedSame }
            }
            return try JSONResponse.make(episodes)
        }
        group.get("episodes/{id}") { request, context in
            try JSONResponse.make(try backend.library.episode(context.episodeID(), segments: request.transcriptPage()))
        }
        group.get("episodes/{id}/export") { request, context in
            let id = try context.episodeID()
            let name = request.query("format") ?? ""
            guard let format = EpisodeExportFormat(rawValue: name) else {
                throw ProblemDetails(
                    .badRequest,
                    "format: \"\(name)\" is not one of "
                        + EpisodeExportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let text = try backend.library.export(episode: id, as: format)
            let file = try backend.library.exportFileName(episode: id, as: format)
            return Response(
                status: .ok,
                headers: [.contentType: format.mediaType, .contentDisposition: "attachment; filename=\"\(file)\""],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        group.get("episodes/{id}/transcript") { request, context in
            let id = try context.episodeID()
            let page = try request.transcriptPage()
            let detail = try backend.library.episode(id, segments: page)
            return try JSONResponse.make(
                TranscriptBody(
                    episodeID: id, title: detail.episode.title, segmentOffset: detail.transcriptOffset,
                    segmentCount: detail.episode.segments, segments: detail.transcript,
                    passages: try backend.passageAnchors(episode: id, segments: page)))
        }
    }

    /// The transcript alone, with the passages that citations point at.
    struct TranscriptBody: Encodable {
        var episodeID: Int64
        var title: String
        var segmentOffset: Int
        var segmentCount: Int
        var segments: [EpisodeDetail.TranscriptLine]
        var passages: [PassageAnchor]

        enum CodingKeys: String, CodingKey {
            case title, segments, passages
            case episodeID = "episode_id"
            case segmentOffset = "segment_offset"
            case segmentCount = "segment_count"
        }
    }
}

extension Request {
    /// `offset` and `limit` of a transcript page (``TranscriptPaging``).
    /// - Throws: 400 for a number out of range.
    func transcriptPage() throws -> Range<Int> {
        TranscriptPaging.page(
            offset: try query("offset", in: TranscriptPaging.offsets, default: 0),
            limit: try query("limit", in: TranscriptPaging.limits, default: TranscriptPaging.defaultLimit))
    }
}
