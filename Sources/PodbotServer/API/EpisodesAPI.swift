import Hummingbird
import PodbotLibrary

/// `GET /episodes`, `GET /episodes/{id}`, `GET /episodes/{id}/transcript`, `GET /episodes/{id}/export?format=`.
/// The first two return a page of the transcript (`offset`, `limit`; ``TranscriptPaging``).
struct EpisodesAPI {
    let backend: Backend

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("episodes") { request, _ in
            try JSONResponse.make(try await backend.podbot.episodes(show: request.query("show")))
        }
        group.get("episodes/{id}") { request, context in
            try JSONResponse.make(
                try await backend.podbot.episode(context.episodeID(), segments: request.transcriptPage()))
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
            let file = try await backend.podbot.export(episode: id, as: format)
            return Response(
                status: .ok,
                headers: [
                    .contentType: file.mediaType, .contentDisposition: "attachment; filename=\"\(file.fileName)\"",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: file.text)))
        }
        group.get("episodes/{id}/transcript") { request, context in
            let id = try context.episodeID()
            let page = try await backend.podbot.transcriptPage(episode: id, segments: request.transcriptPage())
            let detail = page.detail
            return try JSONResponse.make(
                TranscriptBody(
                    episodeID: id, title: detail.episode.title, segmentOffset: detail.transcriptOffset,
                    segmentCount: detail.episode.segments, segments: detail.transcript,
                    passages: page.passages.compactMap(PassageAnchor.init)))
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
