import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// An OpenAI-compatible server (llama-server, vLLM, Ollama, OpenAI …) as a ``TextGenerator`` and ``Embedder``.
///
/// Chat and completions stream over server-sent events; the stream must end with `data: [DONE]`, so a server that
/// dies mid-stream is reported as an error, never as a short answer.
public struct OpenAIClient: TextGenerator, Embedder {
    /// The server and model.
    public let endpoint: ServerEndpoint
    private let http: HTTPClient
    private let timeout: TimeAmount
    private let logger: Logger
    /// Requests ``chatAll(_:options:)`` keeps in flight at once: the server's parallel slots (llama-server
    /// `--parallel`), which decode them as sequences of one batch.
    public let parallelism: Int

    /// - Parameters:
    ///   - endpoint: server URL, model name and API key.
    ///   - httpClient: the client to use; by default one shared by all model servers (``HTTPClient/modelServers``).
    ///   - timeout: the longest a whole request (including a streamed body) may take.
    public init(
        endpoint: ServerEndpoint, httpClient: HTTPClient = .modelServers, timeout: Duration = .seconds(1800),
        parallelism: Int = 1, logger: Logger = Logger(label: "podbot.openai")
    ) {
        self.endpoint = endpoint
        self.parallelism = max(1, parallelism)
        self.http = httpClient
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        self.logger = logger
    }

    public var modelName: String { endpoint.model }

    /// Keeps up to ``parallelism`` chat requests in flight; replies come back in the order asked.
    public func chatAll(_ conversations: [[ChatMessage]], options: [GenerationOptions]) async throws
        -> [GenerationReply]
    {
        precondition(conversations.count == options.count, "one GenerationOptions per conversation")
        return try await withThrowingTaskGroup(of: (Int, GenerationReply).self) { group in
            var replies = [GenerationReply?](repeating: nil, count: conversations.count)
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask {
                    let (text, stats) = try await chat(conversations[index], options: options[index]).collect()
                    return (index, GenerationReply(text: text, stats: stats))
                }
            }
            while next < min(parallelism, conversations.count) { startNext() }
            while let (index, reply) = try await group.next() {
                replies[index] = reply
                if next < conversations.count { startNext() }
            }
            return replies.map { $0! }
        }
    }

    public func chat(_ messages: [ChatMessage], options: GenerationOptions)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        var body = Self.samplingFields(options, model: endpoint.model)
        body["messages"] = messages.map { ["role": $0.role.rawValue, "content": $0.content] }
        return stream(path: "/chat/completions", body: body, options: options)
    }

    public func complete(_ prompt: String, options: GenerationOptions) -> AsyncThrowingStream<
        GenerationEvent, any Error
    > {
        var body = Self.samplingFields(options, model: endpoint.model)
        body["prompt"] = prompt
        return stream(path: "/completions", body: body, options: options)
    }

    /// Uses llama-server's `/tokenize` (outside `/v1`); other servers have no standard way to count tokens, so
    /// their count is estimated as one token per 4 UTF-8 bytes (rounded up), which is the usual English average.
    public func countTokens(_ text: String) async throws -> Int {
        let root = String(endpoint.baseURL.dropLast("/v1".count))
        do {
            let data = try await post(url: root + "/tokenize", json: ["content": text, "add_special": true])
            struct Tokens: Decodable { var tokens: [Int] }
            return try JSONDecoder().decode(Tokens.self, from: data).tokens.count
        } catch let error as InferenceError where error.httpStatus == 404 {
            return (text.utf8.count + 3) / 4
        }
    }

    public func dimension() async throws -> Int {
        guard let first = try await embed(["dimension probe"]).first else {
            throw InferenceError(.server, "\(endpoint.baseURL)/embeddings returned no embedding")
        }
        return first.count
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        if texts.isEmpty { return [] }
        let body: [String: Any] = ["model": endpoint.model, "input": texts, "encoding_format": "float"]
        let data = try await post(url: endpoint.baseURL + "/embeddings", json: body)
        struct Response: Decodable {
            struct Item: Decodable {
                var index: Int
                var embedding: [Float]
            }
            var data: [Item]
        }
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw InferenceError(.server, "\(endpoint.baseURL)/embeddings: unexpected response: \(Self.snippet(data))")
        }
        guard response.data.count == texts.count else {
            throw InferenceError(
                .server,
                "\(endpoint.baseURL)/embeddings returned \(response.data.count) vectors for \(texts.count) inputs")
        }
        return response.data.sorted { $0.index < $1.index }.map { VectorMath.normalized($0.embedding) }
    }

    // MARK: - Requests

    static func samplingFields(_ options: GenerationOptions, model: String) -> [String: Any] {
        var body: [String: Any] = [
            "model": model, "stream": true, "max_tokens": options.maxTokens, "temperature": options.temperature,
            "top_p": options.topP, "seed": Int(options.seed), "stream_options": ["include_usage": true],
            // llama-server extensions; other servers ignore unknown fields.
            "top_k": options.topK, "min_p": options.minP, "repeat_penalty": options.repeatPenalty,
        ]
        if !options.stop.isEmpty { body["stop"] = options.stop }
        if options.ignoreEndOfGeneration { body["ignore_eos"] = true }
        if let grammar = options.grammar { body["grammar"] = grammar }  // llama-server's GBNF constraint
        if options.cachePrompt { body["cache_prompt"] = true }
        return body
    }

    private func request(url: String, json: [String: Any]) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if let key = endpoint.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        return request
    }

    private func post(url: String, json: [String: Any]) async throws -> Data {
        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await Self.executeRetryingStaleConnection(
                http: http, request: try request(url: url, json: json), timeout: timeout)
            body = try await response.body.collect(upTo: 256 << 20)
        } catch let error as InferenceError {
            throw error
        } catch {
            throw InferenceError(.server, "\(url): request failed: \(Self.describe(error))")
        }
        let data = Data(body.readBytes(length: body.readableBytes) ?? [])
        guard response.status.code == 200 else {
            throw InferenceError(
                .server, "\(url): HTTP \(response.status.code): \(Self.snippet(data))",
                httpStatus: Int(response.status.code))
        }
        return data
    }

    private func stream(path: String, body: [String: Any], options: GenerationOptions)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let url = endpoint.baseURL + path
        let built = Result { try request(url: url, json: body) }
        let (http, timeout) = (self.http, self.timeout)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let stats = try await Self.runStream(
                        http: http, request: try built.get(), url: url, timeout: timeout
                    ) { piece in continuation.yield(.token(piece)) }
                    continuation.yield(.finished(stats))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: Task.isCancelled ? CancellationError() : error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func runStream(
        http: HTTPClient, request: HTTPClientRequest, url: String, timeout: TimeAmount,
        emit: (String) -> Void
    ) async throws -> GenerationStats {
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await executeRetryingStaleConnection(http: http, request: request, timeout: timeout)
        } catch {
            throw InferenceError(.server, "\(url): cannot reach the server: \(describe(error))")
        }
        guard response.status.code == 200 else {
            var buffer = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
            let data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            throw InferenceError(
                .server, "\(url): HTTP \(response.status.code): \(snippet(data))", httpStatus: Int(response.status.code)
            )
        }
        var parser = ServerSentEvents()
        var accumulator = StreamAccumulator()
        var firstToken: ContinuousClock.Instant?
        do {
            for try await buffer in response.body {
                try Task.checkCancellation()
                for payload in parser.feed(buffer.readableBytesView) {
                    if payload == "[DONE]" {
                        accumulator.done = true
                        continue
                    }
                    let pieces = try accumulator.consume(payload, url: url)
                    for piece in pieces where !piece.isEmpty {
                        if firstToken == nil { firstToken = .now }
                        emit(piece)
                    }
                }
            }
        } catch let error as InferenceError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw InferenceError(
                .server,
                "\(url): the connection broke mid-stream after \(accumulator.chunks) chunks: \(describe(error))")
        }
        guard accumulator.done else {
            throw InferenceError(
                .server,
                "\(url): the server closed the stream after \(accumulator.chunks) chunks without [DONE]; "
                    + "the answer is incomplete")
        }
        let end = ContinuousClock.now
        return accumulator.stats(
            wallPrompt: (firstToken ?? end) - started, wallGeneration: end - (firstToken ?? end))
    }

    /// Sends `request`, once more if a pooled keep-alive connection turns out to have been closed by the server
    /// before the request went out (nothing was received, so nothing can be duplicated).
    static func executeRetryingStaleConnection(http: HTTPClient, request: HTTPClientRequest, timeout: TimeAmount)
        async throws -> HTTPClientResponse
    {
        do {
            return try await http.execute(request, timeout: timeout)
        } catch let error as ChannelError where error == .ioOnClosedChannel {
            return try await http.execute(request, timeout: timeout)
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            return try await http.execute(request, timeout: timeout)
        }
    }

    /// A transport error in words: a socket error as the system names it ("connection refused"), not as NIO's
    /// description wraps it ("connection reset (error set): Connection refused) (errno: 111)").
    static func describe(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return String(cString: strerror(error.errnoCode)).lowercased()
    }

    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(500), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }
}

extension HTTPClient {
    /// The process-wide client for model servers. Unlike `HTTPClient.shared`, it does not retry a connection the
    /// server refused: `shared` keeps retrying until its 90-second connect timeout, so pointing podbot at a
    /// llama-server that is not running took 90 s to say so. A server that does not answer at all still gets 10 s.
    /// `shared`'s 90-second read timeout is raised to 10 minutes: a server sends nothing while it evaluates the
    /// prompt, which takes longer than 90 s for a long prompt and a large model on a laptop. (Each request is
    /// bounded as a whole by ``OpenAIClient``'s own timeout.)
    public static let modelServers: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.timeout.read = .seconds(600)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
