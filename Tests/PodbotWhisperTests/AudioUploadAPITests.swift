import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotInference
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import Testing

/// `POST /api/v1/import` of audio: 202 and a transcription job whose progress is seconds of audio; the episode it
/// stores is the same as `podbot import` makes. No chat or embedding model is loaded.
@Suite(.serialized) struct AudioUploadAPITests {
    /// A multipart/form-data body with the file's bytes as they are.
    private func multipart(_ bytes: [UInt8], filename: String) -> (ByteBuffer, String) {
        let boundary = "podbot-audio-\(UUID().uuidString)"
        var buffer = ByteBuffer()
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"show\"\r\n\r\nEspeak Radio\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return (buffer, "multipart/form-data; boundary=\(boundary)")
    }

    private func server() throws -> (ScratchFolder, Backend, ServerArguments) {
        let scratch = ScratchFolder()
        let path = scratch.path("library.sqlite")
        let missing = scratch.path("no-such-model.gguf")
        let inference = InferenceConfiguration.Overrides(chatModel: missing, embeddingModel: missing)
        let backend = Backend(library: try Library(path: path), inference: inference, searchMode: .bm25)
        let arguments = ServerArguments(
            port: 0, libraryPath: path, token: nil, maxUploadBytes: 8 << 20, requestTimeout: 3600, idleTimeout: 3600,
            searchMode: .bm25,
            inference: inference, uploadsFolder: scratch.path("uploads"))
        return (scratch, backend, arguments)
    }

    /// Uploads `bytes` as `filename`: expects 202 with a transcription job at its Location, and waits for the job
    /// to end (on the job's own state, not a clock).
    private func uploadAndWait(_ bytes: [UInt8], filename: String, backend: Backend, arguments: ServerArguments)
        async throws -> JobStatus
    {
        let (body, type) = multipart(bytes, filename: filename)
        return try await buildApplication(arguments, backend: backend).test(.router) { client in
            let id = try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: body
            ) { response -> String in
                #expect(response.status == .accepted)
                let job = try #require(
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                #expect(job["kind"] as? String == "transcribe")
                let id = try #require(job["id"] as? String)
                #expect(response.headers[.location] == "/api/v1/jobs/\(id)")
                return id
            }
            return try #require(await backend.jobs.wait(id))
        }
    }

    @Test func anUploadedMP3IsTranscribedByAJobAndStored() async throws {
        let files = try await SpeechFixture.ready()
        let (scratch, backend, arguments) = try server()
        let finished = try await uploadAndWait(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.mp3))), filename: "talk.mp3", backend: backend,
            arguments: arguments)
        #expect(finished.state == .succeeded, "\(finished.message ?? "")")
        #expect(finished.message == "imported talk.mp3 (audio): episodes #1")
        #expect((30...36).contains(finished.total ?? 0))
        #expect(finished.done == finished.total)
        let episode = try backend.library.episode(1)
        #expect(episode.episode.show == "Espeak Radio")
        #expect(episode.source.format == "audio")
        #expect(episode.source.path.hasPrefix(scratch.path("uploads") + "/"))
        let words = episode.transcript.map(\.text).joined(separator: " ")
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: words) <= 0.10, "\(words)")
    }

    @Test func aRenamedPNGFailsItsJobNamingTheUploadNotTheServerPath() async throws {
        let (scratch, backend, arguments) = try server()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)
        let finished = try await uploadAndWait(png, filename: "cover.mp3", backend: backend, arguments: arguments)
        #expect(finished.state == .failed)
        #expect(finished.message == "cover.mp3: not audio: the file is a PNG image")
        #expect(finished.message?.contains(scratch.path("uploads")) == false)
        #expect(try backend.library.episodes().isEmpty)
    }
}
