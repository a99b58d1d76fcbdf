import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import Testing

/// `POST /import` and the job queue, each on a fresh library so the shared one stays as it is.
@Suite struct ImportAndJobsTests {
    struct Fresh {
        let scratch = ScratchFolder()
        let backend: Backend
        let arguments: ServerArguments

        /// - Parameter models: `false` points at model files that do not exist and searches with BM25, so that
        ///   nothing a test does (or lets through by mistake) can load a model.
        init(models: Bool = true) throws {
            let path = scratch.path("library.sqlite")
            let missing = scratch.path("no-such-model.gguf")
            let inference = models ? ServerFixture.inference : .init(chatModel: missing, embeddingModel: missing)
            backend = Backend(
                library: try Library(path: path), inference: inference, searchMode: models ? .hybrid : .bm25)
            // Jobs with a real model can take minutes on a busy machine. Their tests use the router client, which has
            // no deadline; the live client gives each request 20 s, and a loaded box has run past it (.readTimeout).
            arguments = ServerArguments(
                port: 0, libraryPath: path, token: nil, maxUploadBytes: 1 << 20,
                requestTimeout: ServerFixture.requestTimeout, idleTimeout: 3600,
                inference: inference, uploadsFolder: scratch.path("uploads"))
        }
    }

    @Test func importsAnUploadedCorpusFileThenSearchFindsIt() async throws {
        let fresh = try Fresh()
        let content = try Corpus.text(Corpus.vanishing)
        let (body, type) = Uploads.multipart(
            filename: "../../etc/vanishing.txt", content: content, fields: ["show": "Vanishing Gradients"])
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            let id = try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
            ) { response -> Int64 in
                #expect(response.status == .created)
                let json = try #require(try response.json() as? [String: Any])
                #expect(json["status"] as? String == "imported")
                #expect(json["filename"] as? String == "vanishing.txt")
                let ids = try #require(json["episode_ids"] as? [Int])
                #expect(ids.count == 1)
                #expect(response.headers[.location] == "/api/v1/episodes/\(ids[0])")
                return Int64(ids[0])
            }
            // Stored inside the uploads folder, never where the client's name pointed.
            let detail = try fresh.backend.library.episode(id)
            #expect(detail.source.path.hasPrefix(fresh.scratch.path("uploads") + "/"))
            #expect(detail.source.path.hasSuffix("/vanishing.txt"))
            #expect(detail.episode.show == "Vanishing Gradients")
            #expect(detail.transcript.count > 10)
            // The same upload again changes nothing.
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let json = try response.json() as? [String: Any]
                #expect(json?["status"] as? String == "unchanged")
            }
            try await client.execute(uri: "/api/v1/search?q=chocolate%20biscuits&mode=bm25", method: .get) { response in
                let hits = try #require(try response.json() as? [[String: Any]])
                #expect(!hits.isEmpty)
                #expect(hits.allSatisfy { ($0["episode_id"] as? Int).map(Int64.init) == id })
            }
        }
    }

    @Test func badUploadsAreProblems() async throws {
        let fresh = try Fresh()
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "hello")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "garbage")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let (empty, type) = Uploads.multipart(filename: "empty.txt", content: "")
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: empty)
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    /// The index job embeds with the real MiniLM, in the background, then hybrid search uses the vectors.
    @Test func indexJobRunsInTheBackgroundAndReportsProgress() async throws {
        let fresh = try Fresh()
        let path = try fresh.scratch.write("hostile.json", ServerFixture.hostileTranscript)
        _ = try fresh.backend.library.importFile(ImportRequest(path: path))
        let app = try await buildApplication(fresh.arguments, backend: fresh.backend)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/jobs/kinds", method: .get) { response in
                let kinds = try #require(try response.json() as? [[String: Any]])
                #expect(kinds.map { $0["name"] as? String } == ["index-embeddings", "summarize", "questions"])
            }
            try await client.execute(
                uri: "/api/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"kind\": \"summon-demons\"}")
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
            let id = try await client.execute(
                uri: "/api/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"kind\": \"index-embeddings\"}")
            ) { response -> String in
                #expect(response.status == .accepted)
                let job = try #require(try response.json() as? [String: Any])
                #expect(job["kind"] as? String == "index-embeddings")
                return try #require(job["id"] as? String)
            }
            let finished = await fresh.backend.jobs.wait(id)
            #expect(finished?.state == .succeeded)
            let passages = try fresh.backend.library.passages(episode: 1).count
            #expect(finished?.done == passages)
            #expect(finished?.message?.contains("\(passages) of \(passages) have vectors") == true)
            try await client.execute(uri: "/api/v1/jobs/\(id)", method: .get) { response in
                let job = try #require(try response.json() as? [String: Any])
                #expect(job["state"] as? String == "succeeded")
                #expect(job["finished_at"] as? String != nil)
            }
            try await client.execute(uri: "/api/v1/jobs/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
            // Hybrid search now has vectors: a query sharing no word with the passage still finds it.
            try await client.execute(uri: "/api/v1/search?q=australian%20animal&mode=vector", method: .get) {
                response in
                let hits = try #require(try response.json() as? [[String: Any]])
                #expect(hits.count == passages)
            }
        }
    }

    /// Summarize and questions jobs with the real SmolLM2 on a short episode: the results land in the episode JSON,
    /// chapter times come from the transcript, and an unknown episode is refused before anything is queued.
    @Test func enrichmentJobsStoreSummaryChaptersAndQuestions() async throws {
        let fresh = try Fresh()
        let path = try fresh.scratch.write("hostile.json", ServerFixture.hostileTranscript)
        let id = try fresh.backend.library.importFile(ImportRequest(path: path)).episodeIDs[0]
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"kind\": \"summarize\", \"episodes\": [999]}")
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("no episode 999"))
            }
            for kind in ["summarize", "questions"] {
                let job = try await client.execute(
                    uri: "/api/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: "{\"kind\": \"\(kind)\", \"episodes\": [\(id)]}")
                ) { response -> String in
                    #expect(response.status == .accepted)
                    let job = try #require(try response.json() as? [String: Any])
                    #expect(job["episodes"] as? [Int] == [Int(id)])
                    return try #require(job["id"] as? String)
                }
                let finished = await fresh.backend.jobs.wait(job)
                #expect(finished?.state == .succeeded, "\(kind): \(finished?.message ?? "")")
                #expect((finished?.done ?? 0) > 0)
            }
            try await client.execute(uri: "/api/v1/episodes/\(id)", method: .get) { response in
                let episode = try #require(try response.json() as? [String: Any])
                // SmolLM2 on two short hostile lines may write nothing the transcript supports: then no summary is
                // stored. What is stored is exactly its grounded sentences.
                if let summary = episode["summary"] as? String {
                    let sentences = try #require(episode["summary_sentences"] as? [[String: Any]])
                    #expect(
                        sentences.compactMap { $0["text"] as? String }.joined(separator: " ")
                            == summary.replacingOccurrences(of: "\n\n", with: " "))
                    #expect(sentences.allSatisfy { ($0["support"] as? Double ?? 0) >= 0.6 })
                } else {
                    #expect(episode["summary_sentences"] is NSNull)
                }
                // A chapter title must be a short phrase of its section's words; SmolLM2's titles for two short lines
                // may not be, and then no chapter is stored. Those stored start at the transcript's cues.
                let chapters = try #require(episode["chapters"] as? [[String: Any]])
                let starts = chapters.compactMap { $0["start_seconds"] as? Double }
                #expect(starts.count == chapters.count && starts.allSatisfy { [1.0, 6.0].contains($0) })
                let questions = try #require(episode["questions"] as? [[String: Any]])
                #expect(!questions.isEmpty)
                #expect(questions.allSatisfy { ($0["text"] as? String)?.hasSuffix("?") == true })
            }
        }
    }

    @Test func queuedJobCanBeCancelled() async throws {
        let fresh = try Fresh()
        let first = await fresh.backend.jobs.submit(
            JobKind(name: "slow", summary: "") { _, _, progress in
                // 100 s uncancelled: it must still be running when the test cancels it, however busy the machine.
                for step in 1...2000 {
                    try await Task.sleep(for: .milliseconds(50))
                    progress(step, 2000)
                }
                return "done"
            })
        let second = await fresh.backend.jobs.submit(.indexEmbeddings)
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(uri: "/api/v1/jobs/\(second.id)", method: .delete) { response in
                #expect(response.status == .ok)
                let json = try response.json() as? [String: Any]
                #expect(json?["state"] as? String == "cancelled")
            }
            // Cancel once it has made progress: its own report, not a guess at how long that takes.
            try await waitUntil("the slow job reported a step") {
                (await fresh.backend.jobs.status(first.id)?.done ?? 0) > 0
            }
            try await client.execute(uri: "/api/v1/jobs/\(first.id)/cancel", method: .post) { response in
                #expect(response.status == .ok)
            }
            let stopped = await fresh.backend.jobs.wait(first.id)
            #expect(stopped?.state == .cancelled)
            #expect((stopped?.done ?? 0) > 0 && (stopped?.done ?? 2000) < 2000)
            try await client.execute(uri: "/api/v1/jobs", method: .get) { response in
                let jobs = try #require(try response.json() as? [[String: Any]])
                #expect(jobs.map { $0["id"] as? String } == [first.id, second.id])
            }
        }
    }
}
