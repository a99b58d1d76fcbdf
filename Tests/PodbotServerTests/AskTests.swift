import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotErrors
import PodbotService
import Testing

@testable import PodbotServer

/// Asks with the real small chat model (SmolLM2-135M), as JSON and as server-sent events; the queue's limits.
@Suite(.serialized) struct AskTests {
    static let question = "What does Jeremy Howard say about the fastai course?"

    // Through the router client: the live client gives up on a response after 20 seconds, a deadline a loaded
    // machine misses. (An ask that ends at once is safe with either: see `HangUpWatchTests`.)
    @Test func askAsJSONFollowsTheContract() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/ask?q=\(Self.question.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                let json = try #require(try response.json() as? [String: Any])
                #expect(json["question"] as? String == Self.question)
                #expect(json["covered"] is Bool)
                #expect(!(json["answer"] as? String ?? "").isEmpty)
                let passages = try #require(json["passages"] as? [[String: Any]])
                #expect(passages.count == 6)
                #expect(passages.allSatisfy { $0["episode_id"] is Int && $0["passage_id"] is Int })
                #expect(json["citations"] is [[String: Any]])
                let timings = try #require(json["timings"] as? [String: Any])
                #expect((timings["total_ms"] as? Double ?? 0) > 0)
            }
        }
    }

    @Test func askPostStreamsTokensThenTheResult() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/ask", method: .post,
                headers: [.contentType: "application/json", .accept: "text/event-stream"],
                body: ByteBuffer(string: "{\"question\": \"\(Self.question)\", \"k\": 4}")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                let events = response.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event: ") }
                let names = events.map { $0.split(separator: "\n")[0].dropFirst("event: ".count) }
                #expect(names.last == "result")
                #expect(names.dropLast().allSatisfy { $0 == "token" })
                let data = try #require(events.last?.split(separator: "\n").last?.dropFirst("data: ".count))
                let result = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
                #expect((result["passages"] as? [Any])?.count == 4)
                // Sentences stream once they pass the check: an answer shown has streamed, a refused one may not.
                if result["covered"] as? Bool == true {
                    #expect(names.count > 1, "a covered answer streams its sentences")
                }
            }
        }
    }

    @Test func askPageAnswersWithoutJavaScript() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/ask?q=fastai%20course&full=1", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("data-state=\"done\""))
                #expect(html.contains("<ol id=\"citations\""))
                #expect(html.contains("href=\"/episodes/"))
                #expect(html.contains("#p-"))
            }
        }
    }

    @Test func gateIsFIFOAndRefusesBeyondItsLimit() async throws {
        let gate = AskGate(queueLimit: 2)
        try await gate.enter()
        let order = OrderLog()
        let first = Task {
            try await gate.enter(); await order.append(1); await gate.leave()
        }
        while await gate.waiting < 1 { await Task.yield() }
        let second = Task {
            try await gate.enter(); await order.append(2); await gate.leave()
        }
        while await gate.waiting < 2 { await Task.yield() }
        await #expect(throws: ServiceError.self) { try await gate.enter() }
        do {
            try await gate.enter()
            Issue.record("a third waiter was queued beyond the limit of 2")
        } catch let error as ServiceError {
            #expect(error.failureKind == .busy)
            let problem = ProblemDetails.from(error)
            #expect(problem.status == 503)
            #expect(problem.retryAfter == 60)
        }
        await gate.leave()
        try await first.value
        try await second.value
        #expect(await order.values == [1, 2])
    }

    @Test func askBeyondTheQueueIs503WithRetryAfter() async throws {
        let shared = try await ServerFixture.get()
        let backend = Backend(library: shared.backend.library, inference: ServerFixture.inference, askQueueLimit: 0)
        try await backend.askGate.enter()
        try await buildApplication(try await ServerFixture.arguments(), backend: backend).test(.router) { client in
            for headers: HTTPFields in [[:], [.accept: "text/event-stream"]] {
                try await client.execute(uri: "/api/v1/ask?q=anything", method: .get, headers: headers) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "20")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
        await backend.askGate.leave()
    }

    /// What an ask refuses at once is refused as a plain problem, before the handler reads the request's body to
    /// watch the connection, a thousand times over (the race that once stopped the test process in CI is
    /// `HangUpWatchTests`'s).
    @Test func refusalsComeBeforeTheWaitOnTheConnection() async throws {
        let shared = try await ServerFixture.get()
        let backend = Backend(library: shared.backend.library, inference: ServerFixture.inference, askQueueLimit: 0)
        try await backend.askGate.enter()
        let long = String(repeating: "why ", count: Podbot.maxQuestionLength / 4 + 1)
        let refusals: [(uri: String, status: HTTPResponse.Status)] = [
            ("/api/v1/ask?q=anything", .serviceUnavailable),
            (
                "/api/v1/ask?q=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                .unprocessableContent
            ),
            ("/ask?q=anything&full=1", .serviceUnavailable),
        ]
        try await buildApplication(try await ServerFixture.arguments(), backend: backend).test(.router) { client in
            for _ in 0..<1000 {
                for refusal in refusals {
                    try await client.execute(uri: refusal.uri, method: .get) { response in
                        #expect(response.status == refusal.status, "\(refusal.uri.prefix(40))")
                    }
                }
            }
        }
        await backend.askGate.leave()
    }
}

actor OrderLog {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
