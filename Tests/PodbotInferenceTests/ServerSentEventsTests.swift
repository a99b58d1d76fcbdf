import Testing

@testable import PodbotInference

@Suite("Server-sent events")
struct ServerSentEventsTests {
    @Test("data lines split across reads, CRLF, comments")
    func parsing() {
        var parser = ServerSentEvents()
        #expect(parser.feed(Array(": keep-alive\r\ndata: {\"a\"".utf8)).isEmpty)
        #expect(parser.feed(Array(":1}\r\n\r\ndata: [DONE]\n\n".utf8)) == ["{\"a\":1}", "[DONE]"])
    }

    @Test("chunks fold into text and stats; server timings win over wall time")
    func accumulate() throws {
        var accumulator = StreamAccumulator()
        let first = try accumulator.consume(#"{"choices":[{"delta":{"content":"Hel"}}]}"#, url: "u")
        let second = try accumulator.consume(
            #"{"choices":[{"delta":{"content":"lo"},"finish_reason":"length"}],"timings":{"prompt_n":7,"prompt_ms":3.5,"predicted_n":2,"predicted_ms":10}}"#,
            url: "u")
        #expect(first + second == ["Hel", "lo"])
        let stats = accumulator.stats(wallPrompt: .seconds(1), wallGeneration: .seconds(1))
        #expect(stats.promptTokens == 7)
        #expect(stats.generatedTokens == 2)
        #expect(stats.promptMilliseconds == 3.5)
        #expect(stats.finishReason == .maxTokens)
    }

    @Test("an error object mid-stream is an error")
    func serverError() {
        var accumulator = StreamAccumulator()
        #expect(throws: InferenceError.self) {
            _ = try accumulator.consume(#"{"error":{"message":"boom"}}"#, url: "u")
        }
    }
}
