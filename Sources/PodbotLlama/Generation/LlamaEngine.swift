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
    /// A second context with one KV stream per parallel sequence, made on the first ``chatAll(_:options:)`` of
    /// several conversations, and its batch.
    private var parallelContext: (context: LlamaContext, batch: LlamaBatch)?

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

    /// Generated tokens between two looks at how many cores are free (when the user set no thread count).
    static let threadCheckTokens = 32

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

    public nonisolated var parallelism: Int { max(1, settings.parallel) }

    /// Replies to the conversations in groups of ``parallelism``, each group decoded together: one prompt after
    /// another into its own sequence, then one batch per step holding the next token of every sequence still
    /// generating. A sequence ends as `chat`'s generation would (end token, stop sequence, `maxTokens`, full
    /// context) and leaves the batch; the others go on.
    /// - Throws: like ``chat(_:options:)``'s stream; `CancellationError` between steps.
    public func chatAll(_ conversations: [[ChatMessage]], options: [GenerationOptions]) async throws
        -> [GenerationReply]
    {
        precondition(conversations.count == options.count, "one GenerationOptions per conversation")
        let prompts = conversations.map {
            model.tokenize(model.applyChatTemplate($0), addSpecial: true, parseSpecial: true)
        }
        var replies: [GenerationReply] = []
        for start in stride(from: 0, to: prompts.count, by: parallelism) {
            let range = start..<min(prompts.count, start + parallelism)
            if range.count == 1 {
                var text = ""
                let stats = try generate(tokens: prompts[start], options: options[start]) { text += $0 }
                replies.append(GenerationReply(text: text, stats: stats))
            } else {
                replies += try generateTogether(Array(prompts[range]), options: Array(options[range]))
            }
        }
        return replies
    }

    /// One sequence of ``generateTogether(_:options:)``.
    private struct BatchSequence {
        var sampler: LlamaSampler
        var options: GenerationOptions
        var stats: GenerationStats
        var utf8 = UTF8Accumulator()
        var stops: StopSequenceFilter
        var text = ""
        var position: Int
        /// The token to decode next; `nil` once the sequence has ended.
        var next: Int32?
    }

    private func generateTogether(_ prompts: [[Int32]], options: [GenerationOptions]) throws -> [GenerationReply] {
        let contextSize = context.size
        for prompt in prompts { try checkFits(prompt) }
        try Task.checkCancellation()
        let (parallel, batch) = try parallelResources()
        parallel.chooseThreads(fixed: settings.threads)
        parallel.clearMemory()
        var sequences: [BatchSequence] = []
        // Prompts, one sequence after another; each one's first token is sampled from its last prompt logits,
        // before the next prompt's decode replaces them.
        for (index, prompt) in prompts.enumerated() {
            let grammar = try options[index].grammar.map { try LlamaSampler.grammar($0, model: model) }
            let sampler = LlamaSampler(options: options[index], vocabularySize: model.vocabularySize, grammar: grammar)
            let started = ContinuousClock.now
            var position = 0
            while position < prompt.count {
                batch.clear()
                let end = min(prompt.count, position + batch.capacity)
                for i in position..<end {
                    batch.append(prompt[i], position: i, sequence: Int32(index), output: i == prompt.count - 1)
                }
                try parallel.decode(batch)
                position = end
                try Task.checkCancellation()
            }
            var sequence = BatchSequence(
                sampler: sampler, options: options[index],
                stats: GenerationStats(
                    promptTokens: prompt.count, generatedTokens: 0,
                    promptMilliseconds: (.now - started) / .milliseconds(1), generationMilliseconds: 0,
                    finishReason: .maxTokens),
                stops: StopSequenceFilter(stops: options[index].stop), position: prompt.count)
            accept(sampler.sample(parallel, index: Int32(batch.count - 1)), into: &sequence, contextSize: contextSize)
            sequences.append(sequence)
        }
        // Generation: one token of every live sequence per decode. Wall time is shared out evenly, so summed
        // stats add up to the time spent.
        let started = ContinuousClock.now
        var steps = 0
        while sequences.contains(where: { $0.next != nil }) {
            try Task.checkCancellation()
            steps += 1
            if steps % Self.threadCheckTokens == 0 { parallel.chooseThreads(fixed: settings.threads) }
            batch.clear()
            var rows: [Int: Int32] = [:]
            for (index, sequence) in sequences.enumerated() {
                guard let token = sequence.next else { continue }
                rows[index] = Int32(batch.count)
                batch.append(token, position: sequence.position, sequence: Int32(index), output: true)
                sequences[index].position += 1
            }
            try parallel.decode(batch)
            for (index, row) in rows.sorted(by: { $0.key < $1.key }) {
                accept(
                    sequences[index].sampler.sample(parallel, index: row), into: &sequences[index],
                    contextSize: contextSize)
            }
        }
        let share = (.now - started) / .milliseconds(1) / Double(sequences.count)
        return sequences.map { sequence in
            var stats = sequence.stats
            stats.generationMilliseconds = share
            return GenerationReply(text: sequence.text, stats: stats)
        }
    }

    /// Takes a sampled token into `sequence`: ends it on the end token, a stop sequence, `maxTokens` or a full
    /// context (as ``generate(tokens:options:emit:)`` does), else makes it the next token to decode.
    private func accept(_ token: Int32, into sequence: inout BatchSequence, contextSize: Int) {
        sequence.stats.generatedTokens += 1
        var reason: FinishReason?
        if model.isEndOfGeneration(token) && !sequence.options.ignoreEndOfGeneration {
            reason = .endOfGeneration
        } else {
            let (text, stopped) = sequence.stops.push(sequence.utf8.append(model.pieceBytes(token)))
            sequence.text += text
            if stopped {
                reason = .stopSequence
            } else if sequence.position >= contextSize {
                reason = .contextFull
            } else if sequence.stats.generatedTokens >= sequence.options.maxTokens {
                reason = .maxTokens
            }
        }
        guard let reason else {
            sequence.next = token
            return
        }
        if reason != .stopSequence {
            sequence.text += sequence.stops.push(sequence.utf8.flush()).emit + sequence.stops.flush()
        }
        sequence.stats.finishReason = reason
        sequence.next = nil
    }

    /// The parallel context: ``parallelism`` KV streams of the engine's context size each.
    private func parallelResources() throws -> (LlamaContext, LlamaBatch) {
        if let parallelContext { return parallelContext }
        let made = try LlamaContext(
            model: model,
            parameters: .init(
                contextSize: context.size * parallelism, batchSize: batch.capacity, microBatchSize: batch.capacity,
                threads: settings.resolvedThreads, maxSequences: parallelism))
        parallelContext = (made, LlamaBatch(capacity: batch.capacity))
        return (made, parallelContext!.batch)
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
        try checkFits(prompt)
        let contextSize = context.size
        try Task.checkCancellation()
        let grammar = try options.grammar.map { try LlamaSampler.grammar($0, model: model) }
        let sampler = LlamaSampler(options: options, vocabularySize: model.vocabularySize, grammar: grammar)
        context.chooseThreads(fixed: settings.threads)
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
                if stats.generatedTokens % Self.threadCheckTokens == 0 {
                    context.chooseThreads(fixed: settings.threads)
                }
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

    /// The summed log-probability (natural log) of `continuation` following `prompt`, and its token count: how
    /// likely the model finds the continuation after reading the prompt. Nothing is sampled. The KV cache keeps
    /// the prefix it shares with the previous call, so prompts that start alike are read once.
    /// - Throws: ``InferenceError`` `.invalidInput` when either is empty or both do not fit in the context;
    ///   `CancellationError` between batches.
    public func logLikelihood(of continuation: [Int32], after prompt: [Int32]) throws -> (
        logProbability: Double, tokens: Int
    ) {
        guard !continuation.isEmpty else { throw InferenceError(.invalidInput, "nothing to score") }
        let tokens = prompt + continuation
        try checkFits(prompt)
        try checkFits(tokens)
        try Task.checkCancellation()
        context.chooseThreads(fixed: settings.threads)
        var position = reusablePrefix(of: prompt)
        cachedTokens = []
        if position == 0 { context.clearMemory() }
        let vocabulary = model.vocabularySize
        // Row i of a batch predicts tokens[i + 1]; only rows whose next token is in the continuation are needed.
        let firstScored = prompt.count - 1
        var total = 0.0
        while position < tokens.count {
            batch.clear()
            let end = min(tokens.count, position + batch.capacity)
            for i in position..<end {
                batch.append(tokens[i], position: i, output: i >= firstScored && i + 1 < tokens.count)
            }
            try context.decode(batch)
            let first = max(position, firstScored)
            for i in first..<max(first, min(end, tokens.count - 1)) {
                guard let logits = llama_get_logits_ith(context.pointer, Int32(i - position)) else {
                    throw InferenceError(.engine, "\(model.path): llama.cpp returned no logits for token \(i)")
                }
                total += Self.logSoftmax(logits, count: vocabulary, at: Int(tokens[i + 1]))
            }
            position = end
            try Task.checkCancellation()
        }
        cachedTokens = tokens
        return (total, continuation.count)
    }

    /// log(softmax(logits)[index]), computed stably.
    private static func logSoftmax(_ logits: UnsafePointer<Float>, count: Int, at index: Int) -> Double {
        var maximum = -Float.infinity
        for i in 0..<count where logits[i] > maximum { maximum = logits[i] }
        var sum = 0.0
        for i in 0..<count { sum += Double(exp(logits[i] - maximum)) }
        return Double(logits[index] - maximum) - log(sum)
    }

    /// - Throws: ``InferenceError`` `.invalidInput` when `prompt` is empty or leaves no room in the context for a
    ///   reply (a prompt is never cut).
    private func checkFits(_ prompt: [Int32]) throws {
        guard !prompt.isEmpty else { throw InferenceError(.invalidInput, "the prompt is empty") }
        guard prompt.count < context.size else {
            throw InferenceError(
                .invalidInput,
                "the prompt is \(prompt.count) tokens but the context of \(model.name) holds \(context.size) "
                    + "(leave room for the reply; raise PODBOT_CONTEXT_SIZE / contextSize or shorten the prompt)")
        }
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

extension LlamaEngine: ReplyScorer {
    public func logLikelihood(of reply: String, answering messages: [ChatMessage]) throws -> (
        logProbability: Double, tokens: Int
    ) {
        let prompt = model.tokenize(model.applyChatTemplate(messages), addSpecial: true, parseSpecial: true)
        return try logLikelihood(of: model.tokenize(reply, addSpecial: false), after: prompt)
    }
}
