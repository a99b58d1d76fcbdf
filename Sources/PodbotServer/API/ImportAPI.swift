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
            // Parsing the upload, writing it and importing it block for up to seconds: off the cooperative pool,
            // which must stay free to answer other requests meanwhile.
            let (report, name): (ImportReport, String)
            switch try await Blocking.run({ try importUpload(buffer, boundary: boundary) }) {
            case .imported(let imported, let uploadName): (report, name) = (imported, uploadName)
            case .audio(let audio, let uploadName):
                // Transcription takes minutes: a background job, followed at its Location.
                return try JSONResponse.accepted(await backend.jobs.submit(.transcribe(audio, name: uploadName)))
            }
            await backend.models.invalidateVectors()
            let outcome = Outcome(
                status: report.status.rawValue, format: report.format.rawValue, sha256: report.sha256,
                episodeIDs: report.episodeIDs, filename: name)
            var response = try JSONResponse.make(outcome, status: report.status == .unchanged ? .ok : .created)
            if let first = report.episodeIDs.first { response.headers[.location] = "/api/v1/episodes/\(first)" }
            return response
        }
    }

    /// What an upload became: a transcript imported at once, or audio to transcribe in a job.
    private enum Upload {
        case imported(ImportReport, name: String)
        case audio(ImportRequest, name: String)
    }

    /// Reads the multipart body, stores the file in the uploads folder and imports it (audio: makes its request).
    private func importUpload(_ buffer: ByteBuffer, boundary: String) throws -> Upload {
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
        let request = ImportRequest(path: stored.path, metadata: metadata)
        if Library.isAudio(request) { return .audio(request, name: name) }
        do {
            return .imported(try backend.library.importFile(request), name: name)
        } catch {
            // The library keeps no record of a rejected upload, so its file would stay forever.
            if stored.isNew { discard(stored.path) }
            throw clientView(of: error, path: stored.path, name: name)
        }
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
