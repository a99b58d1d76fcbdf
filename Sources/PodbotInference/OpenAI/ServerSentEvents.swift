import Foundation

/// Splits a byte stream of server-sent events into the payloads of its `data:` lines.
///
/// OpenAI-style streams send one JSON object per `data:` line; other fields (`event:`, `id:`, comments) are
/// ignored. Bytes of a line split across network reads are kept until the line ends.
struct ServerSentEvents {
    private var pending: [UInt8] = []

    /// Feeds the next bytes and returns the `data:` payloads of the lines they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        pending.append(contentsOf: bytes)
        var payloads: [String] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[start..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            start = newline + 1
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("data:") {
                payloads.append(text.dropFirst(5).trimmingCharacters(in: .whitespaces))
            }
        }
        pending.removeFirst(start)
        return payloads
    }
}

/// Folds the JSON chunks of a chat or completion stream into text pieces and final statistics.
struct StreamAccumulator {
    private struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { var content: String? }
            var delta: Delta?
            var text: String?
            var finishReason: String?
            enum CodingKeys: String, CodingKey {
                case delta, text
                case finishReason = "finish_reason"
            }
        }
        struct Usage: Decodable {
            var promptTokens: Int?
            var completionTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }
        /// llama-server's own timings, sent with the last chunk.
        struct Timings: Decodable {
            var promptN: Int?
            var promptMs: Double?
            var predictedN: Int?
            var predictedMs: Double?
            enum CodingKeys: String, CodingKey {
                case promptN = "prompt_n"
                case promptMs = "prompt_ms"
                case predictedN = "predicted_n"
                case predictedMs = "predicted_ms"
            }
        }
        struct ServerError: Decodable { var message: String? }
        var choices: [Choice]?
        var usage: Usage?
        var timings: Timings?
        var error: ServerError?
    }

    /// Whether `data: [DONE]` arrived.
    var done = false
    /// Chunks seen so far.
    private(set) var chunks = 0
    private var finishReason: FinishReason?
    private var pieceCount = 0
    private var promptTokens: Int?
    private var generatedTokens: Int?
    private var promptMilliseconds: Double?
    private var generationMilliseconds: Double?

    /// Decodes one payload and returns its text pieces.
    mutating func consume(_ payload: String, url: String) throws -> [String] {
        let chunk: Chunk
        do {
            chunk = try JSONDecoder().decode(Chunk.self, from: Data(payload.utf8))
        } catch {
            throw InferenceError(.server, "\(url): unreadable stream chunk: \(payload.prefix(200))")
        }
        if let error = chunk.error {
            throw InferenceError(
                .server, "\(url): the server reported an error mid-stream: \(error.message ?? payload)")
        }
        chunks += 1
        if let usage = chunk.usage {
            promptTokens = usage.promptTokens ?? promptTokens
            generatedTokens = usage.completionTokens ?? generatedTokens
        }
        if let timings = chunk.timings {
            promptTokens = timings.promptN ?? promptTokens
            promptMilliseconds = timings.promptMs
            generatedTokens = timings.predictedN ?? generatedTokens
            generationMilliseconds = timings.predictedMs
        }
        var pieces: [String] = []
        for choice in chunk.choices ?? [] {
            if let text = choice.delta?.content ?? choice.text { pieces.append(text) }
            switch choice.finishReason {
            case "length": finishReason = .maxTokens
            case "stop": finishReason = finishReason ?? .endOfGeneration
            default: break
            }
        }
        pieceCount += pieces.count
        return pieces
    }

    /// The final statistics; wall times stand in for timings the server did not send.
    func stats(wallPrompt: Duration, wallGeneration: Duration) -> GenerationStats {
        GenerationStats(
            promptTokens: promptTokens ?? 0, generatedTokens: generatedTokens ?? pieceCount,
            promptMilliseconds: promptMilliseconds ?? wallPrompt / .milliseconds(1),
            generationMilliseconds: generationMilliseconds ?? wallGeneration / .milliseconds(1),
            finishReason: finishReason ?? .endOfGeneration)
    }
}
