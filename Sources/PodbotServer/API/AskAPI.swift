import Foundation
import Hummingbird
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `GET /ask?q=` and `POST /ask {"question": ...}`: a cited answer as JSON (the `podbot ask --json` contract), or
/// streamed as server-sent events when the client accepts `text/event-stream` (or passes `stream=true`).
///
/// Events: `token` (`{"text"}`, answer text as generated), then `result` (the full JSON contract) or `problem`
/// (a problem). Asks wait their turn for the model; beyond the queue limit they get 503 with `Retry-After`.
struct AskAPI {
    let backend: Backend

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("ask") { request, _ in
            guard let question = request.query("q") else {
                throw ProblemDetails(.badRequest, "give the question as `q`")
            }
            return try await answer(
                question, for: request, filter: try request.passageFilter(),
                k: try request.query(
                    "k", in: AskPipeline.Request.kRange, default: AskPipeline.Request.defaultK),
                stream: wantsStream(request, flag: request.query("stream")))
        }
        group.post("ask") { request, context in
            try request.requireJSONBody()
            var request = request
            let data = try await request.collectBody(upTo: HangUpWatch.maxBody)
            // {"question", "episode", "show", "speaker", "k", "stream"}
            let body = try JSONArguments(body: data, example: "{\"question\": \"...\"}")
            let question = try body.requiredString("question").trimmingCharacters(in: .whitespacesAndNewlines)
            let filter = PassageFilter(
                episodeID: try body.integer("episode", in: JSONArguments.episodeIDs), show: try body.string("show"),
                speaker: try body.string("speaker"))
            let k = try body.integer("k", in: JSONArguments.askPassages) ?? Int64(AskPipeline.Request.defaultK)
            return try await answer(
                question, for: request, filter: filter, k: Int(k),
                stream: try body.boolean("stream") ?? wantsStream(request, flag: nil))
        }
    }

    private func wantsStream(_ request: Request, flag: String?) -> Bool {
        if let flag { return flag == "true" || flag == "1" }
        return request.headers[.accept]?.contains("text/event-stream") == true
    }

    /// Answers `question`; a client that closes its connection cancels the ask, waiting or running, so the model
    /// goes to the next question.
    ///
    /// What the ask would refuse at once (a blank or too long question, a full queue) is refused first, as a
    /// plain problem before a stream's head and before the wait on the connection.
    private func answer(_ question: String, for request: Request, filter: PassageFilter, k: Int, stream: Bool)
        async throws -> Response
    {
        let backend = self.backend
        let question = try await backend.admit(question)
        let hangUp = try await HangUpWatch(request)
        guard stream else {
            let result = try await hangUp.run { try await backend.ask(question, filter: filter, k: k) }
            return try JSONResponse.make(result)
        }
        // A queue that fills after `admit` ends the stream with a `problem` event.
        let body = ResponseBody { writer in
            let (events, continuation) = AsyncStream.makeStream(of: ServerSentEvent.self)
            let work = Task {
                do {
                    let result = try await backend.ask(question, filter: filter, k: k) { piece in
                        continuation.yield(.json("token", ["text": piece]))
                    }
                    continuation.yield(.json("result", result))
                } catch {
                    continuation.yield(.json("problem", ProblemDetails.from(error)))
                }
                continuation.finish()
            }
            do {
                try await hangUp.run {
                    // A comment first, so the client sees the stream open while the question waits for the model.
                    try await writer.write(ByteBuffer(string: ": podbot\n\n"))
                    for await event in events { try await writer.write(event.buffer) }
                }
                try await writer.finish(nil)
            } catch {
                work.cancel()
                throw error
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"], body: body)
    }
}

/// One server-sent event.
struct ServerSentEvent: Sendable {
    var name: String
    var data: String

    /// An event whose data is `value` as one line of JSON.
    static func json(_ name: String, _ value: some Encodable) -> ServerSentEvent {
        let data = (try? JSONResponse.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return ServerSentEvent(name: name, data: data)
    }

    var buffer: ByteBuffer {
        // JSON has no raw newlines, so one `data:` line is enough.
        ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n")
    }
}
