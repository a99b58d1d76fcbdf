internal import CLlama
import Foundation
import PodbotInference

/// Text generation in-process with llama.cpp: one model, one context, one generation at a time.
///
/// The actor serialises use of the context; its decode loop does not suspend, so a generation runs to its end (or
/// to cancellation, checked before every token) without interleaving with another. Tokens stream out through an
/// `AsyncThrowingStream` as they are decoded.
public actor LlamaEngine: TextGenerator {
    /// The actor runs on its own thread, so its non-suspending decode loop never holds a cooperative-pool thread.
    private nonisolated let executor = ThreadExecutor(name: "podbot.llama.generate")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// The loaded model (shared, immutable).
    public nonisolated let model: LlamaModel
    private let context: LlamaContext
    private let batch: LlamaBatch
    /// Settings the engine was created with.
    public nonisolated let settings: EngineSettings
    /// Stats of the most recent generation, including one that was cancelled or failed after the prompt.
    public private(set) var lastStats: GenerationStats?
    /// Tokens whose keys and values sequence 0 of the KV cache holds, for `cachePrompt`; empty when unknown.
    private var cachedTokens: [Int32] = []

    /// Loads `path` (mmap) and creates a context.
    /// - Throws: ``InferenceError`` naming the file when it is missing, not a GGUF, truncated or unloadable.
    public init(modelPath: String, settings: EngineSettings = EngineSettings()) throws {
        try self.init(model: LlamaModel(path: modelPath), settings: settings)
    }

    /// Creates a context for an already loaded model.
    public init(model: LlamaModel, settings: EngineSettings = EngineSettings()) throws {
        let contextSize = settings.contextSize > 0 ? settings.contextSize : model.trainedContextLength
        let batchSize = max(1, min(settings.batchSize, contextSize))
        self.model = model
        self.settings = settings
        self.context = try LlamaContext(
            model: model,
            parameters: .init(
                contextSize: contextSize, batchSize: batchSize, microBatchSize: batchSize,
                threads: settings.resolvedThreads))
        self.batch = LlamaBatch(capacity: batchSize)
    }

    public nonisolated var modelName: String { model.name }

    /// The context window in tokens.
    public var contextSize: Int { context.size }

    public nonisolated func chat(_ messages: [ChatMessage], options: GenerationOptions)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let prompt = model.applyChatTemplate(messages)
        return stream { engine, emit in
            try await engine.generate(
                tokens: engine.model.tokenize(prompt, addSpecial: true, parseSpecial: true),
                options: options, emit: emit)
        }
    }

    public nonisolated func complete(_ prompt: String, options: GenerationOptions)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        stream { engine, emit in
            try await engine.generate(
                tokens: engine.model.tokenize(prompt, addSpecial: true), options: options,
                emit: emit)
        }
    }

    public nonisolated func countTokens(_ text: String) async throws -> Int {
        model.tokenize(text, addSpecial: false).count
    }

    private nonisolated func stream(
        _ body: @escaping @Sendable (LlamaEngine, @escaping @Sendable (String) -> Void) async throws -> GenerationStats
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let stats = try await body(self) { continuation.yield(.token($0)) }
                    continuation.yield(.finished(stats))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Generates from already tokenized input without streaming, and returns the stats (for benchmarks, and callers
    /// that build prompts from tokens).
    /// - Throws: like ``chat(_:options:)``'s stream.
    public func run(tokens: [Int32], options: GenerationOptions) throws -> GenerationStats {
        try generate(tokens: tokens, options: options) { _ in }
    }

    /// Generates from prompt tokens; `emit` receives text pieces as they become final.
    ///
    /// - Throws: ``InferenceError`` `.invalidInput` when the prompt does not fit in the context (it is never cut),
    ///   `CancellationError` when the task is cancelled (checked before each token).
    func generate(tokens prompt: [Int32], options: GenerationOptions, emit: (String) -> Void) throws -> GenerationStats
    {
        lastStats = nil
        guard !prompt.isEmpty else { throw InferenceError(.invalidInput, "the prompt is empty") }
        let contextSize = context.size
        guard prompt.count < contextSize else {
            throw InferenceError(
                .invalidInput,
                "the prompt is \(prompt.count) tokens but the context of \(model.name) holds \(contextSize) "
                    + "(leave room for the reply; raise PODBOT_CONTEXT_SIZE / contextSize or shorten the prompt)")
        }
        try Task.checkCancellation()
        let grammar = try options.grammar.map { try LlamaSampler.grammar($0, model: model) }
        let sampler = LlamaSampler(options: options, vocabularySize: model.vocabularySize, grammar: grammar)
        let promptStart = ContinuousClock.now
        // cachePrompt: keep the cached prefix shared with this prompt (at least its last token is evaluated anew, for
        // its logits); otherwise start from an empty cache.
        var position = options.cachePrompt ? reusablePrefix(of: prompt) : 0
        let reused = position
        cachedTokens = []  // set again once the prompt is in; a failure in between leaves the cache unknown
        if position == 0 { context.clearMemory() }

        // Prompt: in chunks of the batch size; only the last token's logits are needed.
        while position < prompt.count {
            batch.clear()
            let end = min(prompt.count, position + batch.capacity)
            for i in position..<end { batch.append(prompt[i], position: i, output: i == prompt.count - 1) }
            try context.decode(batch)
            position = end
            try Task.checkCancellation()
        }
        let generationStart = ContinuousClock.now
        var stats = GenerationStats(
            promptTokens: prompt.count, cachedPromptTokens: reused, generatedTokens: 0,
            promptMilliseconds: (generationStart - promptStart) / .milliseconds(1),
            generationMilliseconds: 0, finishReason: .maxTokens)

        var utf8 = UTF8Accumulator()
        var stops = StopSequenceFilter(stops: options.stop)
        var reason: FinishReason?
        var generated: [Int32] = []  // decoded generated tokens, for cachePrompt's record of the cache
        defer {
            if lastStats == nil {  // cancelled or failed: keep what happened for callers and tests
                stats.generationMilliseconds = (.now - generationStart) / .milliseconds(1)
                lastStats = stats
            }
        }
        while reason == nil {
            if Task.isCancelled {
                stats.finishReason = .cancelled
                throw CancellationError()
            }
            if stats.generatedTokens >= options.maxTokens {
                reason = .maxTokens
                break
            }
            let token = sampler.sample(context)
            stats.generatedTokens += 1
            if model.isEndOfGeneration(token) && !options.ignoreEndOfGeneration {
                reason = .endOfGeneration
                break
            }
            let (text, stopped) = stops.push(utf8.append(model.pieceBytes(token)))
            if !text.isEmpty { emit(text) }
            if stopped {
                reason = .stopSequence
                break
            }
            if position >= contextSize {
                reason = .contextFull
                break
            }
            if stats.generatedTokens < options.maxTokens {
                batch.clear()
                batch.append(token, position: position, output: true)
                try context.decode(batch)
                position += 1
                generated.append(token)
            }
        }
        if reason != .stopSequence {
            let rest = stops.push(utf8.flush()).emit + stops.flush()
            if !rest.isEmpty { emit(rest) }
        }
        if options.cachePrompt { cachedTokens = prompt + generated }
        stats.finishReason = reason ?? .maxTokens
        stats.generationMilliseconds = (.now - generationStart) / .milliseconds(1)
        lastStats = stats
        return stats
    }

    /// How many leading tokens of `prompt` the KV cache already holds and may keep; trims the cache after them.
    /// Returns 0 (the caller clears the cache) when nothing can be kept.
    private func reusablePrefix(of prompt: [Int32]) -> Int {
        var shared = 0
        let limit = min(cachedTokens.count, prompt.count - 1)
        while shared < limit, cachedTokens[shared] == prompt[shared] { shared += 1 }
        guard shared > 0, let memory = llama_get_memory(context.pointer),
            llama_memory_seq_rm(memory, 0, llama_pos(shared), -1)
        else { return 0 }
        return shared
    }
}
