import Foundation
import Hummingbird
import NIOCore
import PodbotLibrary
import PodbotService
import PodbotTranscript

/// `POST /import`: a transcript uploaded as `multipart/form-data` (field `file`, optional `title`, `show`, `url`,
/// `published`), imported like `podbot import`; an audio file is transcribed by a background job (202).
struct ImportAPI {
    let backend: Backend
    let maxBytes: Int
    let uploadsFolder: String

    /// What an import did, as JSON.
    struct Outcome: Encodable {
        var status: String
        var format: String
        var sha256: String
        var episodeIDs: [Int64]
        var filename: String

        enum CodingKeys: String, CodingKey {
            case status, format, sha256, filename
            case episodeIDs = "episode_ids"
        }
    }

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.post("import") { request, context in
            var request = request
            guard let boundary = Multipart.boundary(contentType: request.headers[.contentType] ?? "") else {
                throw ProblemDetails(
                    .unsupportedMediaType, "upload the transcript as multipart/form-data with a `file` field")
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: maxBytes)
            } catch is NIOTooManyBytesError {
                throw ProblemDetails(.contentTooLarge, "uploads are limited to \(maxBytes / 1_048_576) MB")
            }
            // Parsing the upload and writing it block for up to seconds: off the cooperative pool, which must stay
            // free to answer other requests meanwhile (the import runs off it too).
            let upload = try await Blocking.run { try storeUpload(buffer, boundary: boundary) }
            let name = upload.name
            guard !Library.isAudio(upload.request) else {
                // Transcription takes minutes: a background job, followed at its Location.
                return try JSONResponse.accepted(await backend.jobs.submit(.transcribe(upload.request, name: name)))
            }
            let report: ImportReport
            do {
                report = try await backend.podbot.importTranscript(upload.request)
            } catch {
                // The library keeps no record of a rejected upload, so its file would stay forever.
                if upload.isNew { discard(upload.request.path) }
                throw clientView(of: error, path: upload.request.path, name: name)
            }
            let outcome = Outcome(
                status: report.status.rawValue, format: report.format.rawValue, sha256: report.sha256,
                episodeIDs: report.episodeIDs, filename: name)
            var response = try JSONResponse.make(outcome, status: report.status == .unchanged ? .ok : .created)
            if let first = report.episodeIDs.first { response.headers[.location] = "/api/v1/episodes/\(first)" }
            return response
        }
    }

    /// An upload stored in the uploads folder, and its import.
    private struct Upload {
        var request: ImportRequest
        /// The client's file name, made safe; messages use it instead of the server's path.
        var name: String
        /// False when the same bytes under the same name were stored before (an earlier import may own them).
        var isNew: Bool
    }

    /// Reads the multipart body and stores the file in the uploads folder.
    private func storeUpload(_ buffer: ByteBuffer, boundary: String) throws -> Upload {
        let parts = try Multipart.parse(Array(buffer.readableBytesView), boundary: boundary)
        guard let file = parts.first(where: { $0.name == "file" }) else {
            throw ProblemDetails(.badRequest, "the upload has no `file` field")
        }
        guard !file.body.isEmpty else { throw ProblemDetails(.unprocessableContent, "the uploaded file is empty") }
        func field(_ name: String) -> String? {
            parts.first { $0.name == name }.map { String(decoding: $0.body, as: UTF8.self) }
                .flatMap { $0.isEmpty ? nil : $0 }
        }
        let name = UploadName.safe(file.filename)
        let stored = try store(file.body, name: name)
        var metadata = EpisodeMetadata()
        metadata.title = field("title")
        metadata.show = field("show")
        metadata.url = field("url")
        metadata.published = field("published")
        return Upload(request: ImportRequest(path: stored.path, metadata: metadata), name: name, isNew: stored.isNew)
    }

    private func digest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Writes the upload to `<uploads>/<sha-prefix>/<name>`: the library records this path as the episode's source.
    /// `isNew` is false when the same bytes under the same name were stored before (an earlier import may own them).
    private func store(_ bytes: [UInt8], name: String) throws -> (path: String, isNew: Bool) {
        let folder = URL(fileURLWithPath: uploadsFolder).appendingPathComponent(
            String(digest(bytes).prefix(16)))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent(name)
            let existed = FileManager.default.fileExists(atPath: url.path)
            try Data(bytes).write(to: url)
            return (url.path, !existed)
        } catch {
            throw ProblemDetails(.internalServerError, "the upload could not be stored")
        }
    }

    /// Removes a rejected upload and its folder when nothing else is in it.
    private func discard(_ path: String) {
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if (try? fileManager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
            try? fileManager.removeItem(atPath: folder)
        }
    }

    /// The error as the client may see it: named by its upload's file name, never by where the server keeps it.
    private func clientView(of error: any Error, path: String, name: String) -> ProblemDetails {
        var error = error
        if var transcriptError = error as? TranscriptError, transcriptError.source == path {
            transcriptError.source = name
            error = transcriptError
        }
        var problem = ProblemDetails.from(error)
        problem.detail = problem.detail.map {
            $0.replacingOccurrences(of: path, with: name).replacingOccurrences(of: uploadsFolder, with: "uploads")
        }
        return problem
    }
}

/// File names from clients, made safe to use as one path component.
enum UploadName {
    /// The last component of `filename`, with anything but letters, digits, `.`, `-`, `_` and spaces replaced,
    /// never starting with a dot; `upload.txt` when nothing is left.
    static func safe(_ filename: String?) -> String {
        let last = (filename ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(
            last.unicodeScalars.map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) || "._- ".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "_"
            }
        ).trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.count > 120 { cleaned = String(cleaned.suffix(120)) }
        return cleaned.isEmpty ? "upload.txt" : cleaned
    }
}
