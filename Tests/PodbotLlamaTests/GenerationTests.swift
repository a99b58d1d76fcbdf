import Foundation
import PodbotInference
import PodbotTestSupport
import Testing

@testable import PodbotLlama

@Suite("Generation with SmolLM2-135M", .serialized)
struct GenerationTests {
    let engine: LlamaEngine

    init() throws {
        engine = try TestModels.engine.get()
    }

    @Test("temperature 0 with a fixed seed gives the same text twice")
    func deterministic() async throws {
        let messages: [ChatMessage] = [.user("Name three colours of the rainbow.")]
        let options = GenerationOptions(maxTokens: 32, temperature: 0, seed: 7)
        let first = try await engine.chat(messages, options: options).collect()
        let second = try await engine.chat(messages, options: options).collect()
        #expect(!first.text.isEmpty)
        #expect(first.text == second.text)
        let stats = try #require(first.stats)
        #expect(stats.promptTokens > 10)
        #expect(stats.generatedTokens > 0 && stats.generatedTokens <= 32)
        #expect(stats.promptMilliseconds > 0)
        #expect(stats.generationMilliseconds > 0)
    }

    @Test("sampling with the same seed repeats; all sampler settings are accepted")
    func seededSampling() async throws {
        let options = GenerationOptions(
            maxTokens: 24, temperature: 0.9, topK: 30, topP: 0.9, minP: 0.05, repeatPenalty: 1.2, seed: 1234)
        let a = try await engine.complete("Once upon a time", options: options).collect()
        let b = try await engine.complete("Once upon a time", options: options).collect()
        #expect(a.text == b.text)
        #expect(a.stats?.generatedTokens == 24 || a.stats?.finishReason == .endOfGeneration)
    }

    @Test("maxTokens ends the generation with reason maxTokens")
    func maxTokens() async throws {
        let result = try await engine.complete(
            "The history of the city begins",
            options: GenerationOptions(maxTokens: 5, temperature: 0, ignoreEndOfGeneration: true)
        ).collect()
        let stats = try #require(result.stats)
        #expect(stats.generatedTokens == 5)
        #expect(stats.finishReason == .maxTokens)
    }

    @Test("a stop sequence ends the generation and is not emitted")
    func stopSequence() async throws {
        let prompt = "1, 2, 3, 4, 5, 6,"
        let free = try await engine.complete(prompt, options: .greedy(maxTokens: 12)).collect()
        #expect(free.text.contains("9"), "greedy continuation of a count: \(free.text)")
        let stopped = try await engine.complete(prompt, options: .greedy(maxTokens: 12, stop: ["9"])).collect()
        #expect(!stopped.text.contains("9"))
        #expect(stopped.stats?.finishReason == .stopSequence)
        #expect(free.text.hasPrefix(stopped.text))
    }

    @Test("a prompt longer than the context is a clear error, not cut")
    func promptTooLong() async throws {
        let long = String(repeating: "podcast transcript words ", count: 600)
        await #expect {
            _ = try await engine.complete(long, options: .greedy(maxTokens: 4)).collect()
        } throws: { error in
            let error = error as? InferenceError
            return error?.kind == .invalidInput && error?.message.contains("context") == true
        }
    }

    @Test("cancelling stops generation within one token")
    func cancellation() async throws {
        let options = GenerationOptions(maxTokens: 400, temperature: 0, ignoreEndOfGeneration: true)
        let prompt = engine.model.tokenize("Write a very long story about a lighthouse keeper.")
        // Cancel from inside the decode loop, right after the 3rd piece: the loop must not produce another token.
        let generation = Task {
            var pieces = 0
            _ = try? await engine.generate(tokens: prompt, options: options) { _ in
                pieces += 1
                if pieces == 3 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return pieces
        }
        let pieces = await generation.value
        let stats = try #require(await engine.lastStats)
        #expect(stats.finishReason == .cancelled)
        #expect(pieces == 3)
        // Greedy decoding is deterministic: find how many tokens it takes to produce 3 pieces without cancelling.
        var tokensForThreePieces = 0
        for k in 1...40 {
            var count = 0
            _ = try await engine.generate(
                tokens: prompt,
                options: GenerationOptions(
                    maxTokens: k, temperature: 0,
                    ignoreEndOfGeneration: true)
            ) { _ in count += 1 }
            if count >= 3 {
                tokensForThreePieces = k
                break
            }
        }
        #expect(tokensForThreePieces > 0)
        #expect(
            stats.generatedTokens <= tokensForThreePieces + 1,
            "generated \(stats.generatedTokens) tokens; the 3rd piece came with token \(tokensForThreePieces)")
    }

    @Test("cancelling the consumer of the stream cancels the generation")
    func streamCancellation() async throws {
        let options = GenerationOptions(maxTokens: 900, temperature: 0, ignoreEndOfGeneration: true)
        let stream = engine.complete("Write a very long story about a lighthouse keeper.", options: options)
        let consumer = Task {
            var received = 0
            do {
                for try await event in stream {
                    guard case .token = event else { continue }
                    received += 1
                    // As when a user presses Ctrl-C or an HTTP client disconnects.
                    if received == 3 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            } catch {}
            return received
        }
        let received = await consumer.value
        let stats = try #require(await engine.lastStats)
        #expect(stats.finishReason == .cancelled)
        #expect(received >= 3)
        // Uncancelled, it would run to 900 tokens. Tokens already queued in the stream's buffer when the consumer
        // stopped are the only extra work; how many depends on how soon a busy machine schedules the consumer.
        #expect(stats.generatedTokens < 200, "generated \(stats.generatedTokens) after \(received) tokens")
    }

    @Test("chat template from GGUF metadata, ChatML fallback")
    func chatTemplate() {
        let prompt = engine.model.applyChatTemplate([.system("Be brief."), .user("Hi")])
        #expect(prompt.contains("<|im_start|>user\nHi<|im_end|>"))
        #expect(prompt.hasSuffix("<|im_start|>assistant\n"))
        #expect(LlamaModel.chatML([.user("x")]) == "<|im_start|>user\nx<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test("tokenize and detokenize round-trip; countTokens")
    func tokens() async throws {
        let text = "Jeremy Howard founded fast.ai — naïve café ☕️."
        let tokens = engine.model.tokenize(text, addSpecial: false)
        #expect(tokens.count > 5)
        #expect(engine.model.detokenize(tokens) == text)
        #expect(try await engine.countTokens(text) == tokens.count)
    }

    @Test("model metadata through llama.cpp")
    func info() {
        let info = engine.model.info
        #expect(info.architecture == "llama")
        #expect(info.parameters > 100_000_000 && info.parameters < 200_000_000)
        #expect(info.quantization.contains("Q4_1"))
        #expect(info.contextLength == 8192)
        #expect(info.fileSize > 50_000_000)
    }
}

@Suite("Several conversations decoded together")
struct ParallelGenerationTests {
    /// Three conversations as three sequences of one batch: each ends by its own rule, a grammar binds only its
    /// own sequence, and every reply matches what its conversation gives alone (greedy, same model).
    @Test func sequencesEndByTheirOwnRulesAndMatchTheirSoloReplies() async throws {
        let engine = try LlamaEngine(
            modelPath: TestModels.smolLM,
            settings: EngineSettings(contextSize: 1024, threads: engineThreads, parallel: 3))
        #expect(engine.parallelism == 3)
        let conversations: [[ChatMessage]] = [
            [.user("Name three colours of the rainbow.")],
            [.user("Count from one to twenty in words.")],
            [.user("Is the sky blue? Answer yes or no.")],
        ]
        let options = [
            GenerationOptions.greedy(maxTokens: 40),
            GenerationOptions(maxTokens: 6, temperature: 0, ignoreEndOfGeneration: true),
            {
                var constrained = GenerationOptions.greedy(maxTokens: 8)
                constrained.grammar = #"root ::= ("yes" | "no")"#
                return constrained
            }(),
        ]
        let together = try await engine.chatAll(conversations, options: options)
        #expect(together.count == 3)
        #expect(together[1].stats?.generatedTokens == 6 && together[1].stats?.finishReason == .maxTokens)
        #expect(["yes", "no"].contains(together[2].text))
        #expect(!together[0].text.isEmpty)
        for (index, reply) in together.enumerated() {
            let alone = try await engine.chat(conversations[index], options: options[index]).collect()
            // Batched matrix products may round differently; the first words must agree.
            let head = { (text: String) in text.split(separator: " ").prefix(3) }
            #expect(head(reply.text) == head(alone.text), "\(reply.text) vs \(alone.text)")
            #expect((reply.stats?.promptTokens ?? 0) == alone.stats?.promptTokens)
        }
    }
}
