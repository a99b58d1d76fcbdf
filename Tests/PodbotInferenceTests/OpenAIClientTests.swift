import Foundation
import PodbotInference
import PodbotLlama
import PodbotTestSupport
import Testing

/// The OpenAI-compatible backend against a real llama-server with SmolLM2 (no mocks).
@Suite("OpenAI-compatible client against llama-server", .serialized)
struct OpenAIClientTests {
    static let smolLM = ModelFiles.path(InferenceConfiguration.testChatFile)
    static let miniLM = ModelFiles.path(InferenceConfiguration.defaultEmbeddingFile)

    @Test("chat streams tokens over SSE and ends with stats")
    func streaming() async throws {
        let server = try await LlamaServerProcess(model: Self.smolLM)
        defer { server.kill() }
        let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: server.baseURL, model: "smollm"))
        var pieces: [String] = []
        var stats: GenerationStats?
        for try await event in client.chat(
            [.user("Name three colours.")], options: GenerationOptions(maxTokens: 24, temperature: 0, seed: 1))
        {
            switch event {
            case .token(let piece): pieces.append(piece)
            case .finished(let final): stats = final
            }
        }
        #expect(pieces.count > 1, "streamed in several pieces")
        let final = try #require(stats)
        #expect(final.generatedTokens > 0 && final.generatedTokens <= 24)
        #expect(final.promptTokens > 5)

        // Same prompt, greedy: the server agrees with itself, and completions and token counts work too.
        let again = try await client.chat(
            [.user("Name three colours.")], options: GenerationOptions(maxTokens: 24, temperature: 0, seed: 1)
        ).collect()
        #expect(again.text == pieces.joined())
        let completion = try await client.complete("1, 2, 3, 4,", options: .greedy(maxTokens: 6)).collect()
        #expect(!completion.text.isEmpty)
        let count = try await client.countTokens("Jeremy Howard founded fast.ai.")
        let engine = try LlamaModel(path: Self.smolLM, inspectOnly: true)
        #expect(count == engine.tokenize("Jeremy Howard founded fast.ai.", addSpecial: true).count)
    }

    @Test("a server killed mid-stream gives a clear error")
    func killedMidStream() async throws {
        let server = try await LlamaServerProcess(model: Self.smolLM)
        let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: server.baseURL, model: "smollm"))
        let options = GenerationOptions(maxTokens: 1500, temperature: 0.8, ignoreEndOfGeneration: true)
        var received = 0
        await #expect {
            for try await event in client.chat([.user("Tell me a very long story.")], options: options) {
                if case .token = event { received += 1 }
                if received == 5 { server.kill() }
            }
        } throws: { error in
            guard let error = error as? InferenceError else { return false }
            return error.kind == .server && error.message.contains(server.baseURL)
                && (error.message.contains("mid-stream") || error.message.contains("without [DONE]"))
        }
        #expect(received >= 5)
    }

    @Test("an unreachable server is a clear error")
    func unreachable() async throws {
        let port = try LlamaServerProcess.freePort()
        let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:\(port)", model: "x"))
        await #expect {
            _ = try await client.chat([.user("hi")], options: .greedy(maxTokens: 2)).collect()
        } throws: { error in
            (error as? InferenceError)?.kind == .server
                && (error as? InferenceError)?.message.contains("127.0.0.1:\(port)") == true
                && (error as? InferenceError)?.message.hasSuffix("cannot reach the server: connection refused") == true
        }
    }

    @Test("embeddings from llama-server match the in-process embedder")
    func embeddings() async throws {
        let server = try await LlamaServerProcess(
            model: Self.miniLM, extraArguments: ["--embeddings", "--pooling", "mean", "-b", "2048", "-ub", "2048"])
        defer { server.kill() }
        let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: server.baseURL, model: "minilm"))
        let texts = ["So all Australians love chocolate biscuits.", "Welcome to the Latent Space Podcast."]
        let remote = try await client.embed(texts)
        let embedder = try LlamaEmbedder(modelPath: Self.miniLM, settings: .init(threads: engineThreads))
        let local = try await embedder.embed(texts)
        #expect(remote.count == 2)
        #expect(try await client.dimension() == 384)
        for (a, b) in zip(remote, local) { #expect(VectorMath.cosine(a, b) > 0.999) }
    }
}
