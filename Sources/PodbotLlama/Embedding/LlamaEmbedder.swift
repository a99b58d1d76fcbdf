internal import CLlama
import Foundation
import PodbotInference

/// Sentence embeddings in-process with llama.cpp (e.g. all-MiniLM-L6-v2 converted to GGUF).
///
/// Several inputs go through each `llama_decode`/`llama_encode` call as separate sequences; llama.cpp mean-pools
/// each sequence and the result is L2-normalised.
///
/// Long inputs: an embedding model attends over at most its trained context (512 tokens for MiniLM), and a
/// non-causal model must see a whole sequence in one physical batch. An input with more tokens than
/// ``maxTokensPerInput`` is handled by ``Settings/overflow``: `.truncate` (the default) keeps its first
/// `maxTokensPerInput - 1` tokens and the closing `[SEP]`, so the vector describes the start of the text;
/// `.fail` throws instead. Either way llama.cpp never sees a sequence longer than its batch (the failure of
/// llama.cpp#7422 cannot happen). Callers that need whole long texts should chunk them by tokens first
/// (`countTokens`).
public actor LlamaEmbedder: Embedder {
    /// Its own thread, as ``LlamaEngine`` has: a batch decode must not hold a cooperative-pool thread.
    private nonisolated let executor = ThreadExecutor(name: "podbot.llama.embed")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// What to do with an input longer than ``LlamaEmbedder/maxTokensPerInput``.
    public enum Overflow: Sendable, Hashable {
        /// Keep the first tokens (and the closing separator); documented default.
        case truncate
        /// Throw ``InferenceError`` `.invalidInput`.
        case fail
    }

    /// How the embedder runs.
    public struct Settings: Sendable, Hashable {
        /// CPU threads; `nil` follows the cores other processes leave free (``ProcessorShare``).
        public var threads: Int?
        /// Tokens per `llama_decode` call (one physical batch). Several inputs share a batch.
        ///
        /// The defaults, 512 tokens of at most 8 inputs, were among the fastest shapes measured on 2 cores (`podbot
        /// bench engine`, BENCHMARKS.md; 1 to 8 inputs of 512 tokens were within noise of each other). 2048-token
        /// batches of 32 or 64 inputs embedded about a third fewer passages per second, because attention visits
        /// every pair of tokens in the batch, including the masked pairs of different inputs.
        public var batchTokens: Int
        /// Most inputs per batch.
        public var maxSequencesPerBatch: Int
        /// What to do with inputs longer than the model's context.
        public var overflow: Overflow

        public init(
            threads: Int? = nil, batchTokens: Int = 512, maxSequencesPerBatch: Int = 8,
            overflow: Overflow = .truncate
        ) {
            self.threads = threads
            self.batchTokens = batchTokens
            self.maxSequencesPerBatch = maxSequencesPerBatch
            self.overflow = overflow
        }
    }

    /// The loaded model.
    public nonisolated let model: LlamaModel
    /// Settings the embedder was created with.
    public nonisolated let settings: Settings
    /// The most tokens of one input that are embedded (the rest are handled per ``Settings/overflow``).
    public nonisolated let maxTokensPerInput: Int
    private let context: LlamaContext
    private let batch: LlamaBatch
    private let separator: Int32?

    /// Loads `path` (mmap) and creates an embeddings context.
    /// - Throws: ``InferenceError`` naming the file when it is missing, not a GGUF, truncated or unloadable.
    public init(modelPath: String, settings: Settings = Settings()) throws {
        try self.init(model: LlamaModel(path: modelPath), settings: settings)
    }

    /// Creates an embeddings context for a loaded model.
    public init(model: LlamaModel, settings: Settings = Settings()) throws {
        let threads = settings.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let trained = model.trainedContextLength > 0 ? model.trainedContextLength : 512
        let sequences = max(1, settings.maxSequencesPerBatch)
        // llama.cpp (0c1e570) reserves its worst-case graph with n_tokens rounded up to a multiple of n_seq_max but
        // keeps n_outputs unrounded, and then aborts (GGML_ASSERT in ggml_mul_mat) on the pooling matrix. Rounding
        // the batch up to a multiple of the sequence count avoids that.
        let batchTokens = (max(settings.batchTokens, 8) + sequences - 1) / sequences * sequences
        self.model = model
        self.settings = settings
        self.maxTokensPerInput = min(trained, batchTokens)
        self.context = try LlamaContext(
            model: model,
            parameters: .init(
                contextSize: batchTokens, batchSize: batchTokens, microBatchSize: batchTokens, threads: threads,
                embeddings: true, maxSequences: sequences))
        self.batch = LlamaBatch(capacity: batchTokens)
        let sep = llama_vocab_sep(model.vocab)
        self.separator = sep >= 0 ? sep : nil
    }

    public nonisolated var modelName: String { model.name }

    public nonisolated func dimension() async throws -> Int { model.embeddingLength }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try embedSync(texts, alongside: 0)
    }

    public func embed(_ texts: [String], alongside others: Int) async throws -> [[Float]] {
        try embedSync(texts, alongside: max(0, others))
    }

    /// Tokenizes `text` as the embedder will, applying the overflow rule.
    func tokens(for text: String, index: Int) throws -> [Int32] {
        var tokens = model.tokenize(text, addSpecial: true)
        if tokens.isEmpty, let separator { tokens = [separator] }
        guard tokens.count > maxTokensPerInput else { return tokens }
        switch settings.overflow {
        case .fail:
            throw InferenceError(
                .invalidInput,
                "input \(index) is \(tokens.count) tokens; \(model.name) embeds at most \(maxTokensPerInput) "
                    + "(chunk the text first, or use overflow .truncate)")
        case .truncate:
            if let separator, tokens.last == separator {
                return Array(tokens.prefix(maxTokensPerInput - 1)) + [separator]
            }
            return Array(tokens.prefix(maxTokensPerInput))
        }
    }

    private func embedSync(_ texts: [String], alongside others: Int) throws -> [[Float]] {
        let tokenized = try texts.enumerated().map { try tokens(for: $1, index: $0) }
        var results = [[Float]](repeating: [], count: texts.count)
        let dimension = model.embeddingLength
        var next = 0
        while next < tokenized.count {
            try Task.checkCancellation()
            context.chooseThreads(fixed: settings.threads, wait: false, sharedWith: others)
            // Pack whole sequences until the batch or the sequence limit is full.
            batch.clear()
            context.clearMemory()
            var members: [Int] = []
            while next < tokenized.count, members.count < settings.maxSequencesPerBatch,
                batch.count + tokenized[next].count <= batch.capacity
            {
                let sequence = Int32(members.count)
                for (position, token) in tokenized[next].enumerated() {
                    batch.append(token, position: position, sequence: sequence, output: true)
                }
                members.append(next)
                next += 1
            }
            try context.decode(batch)
            for (sequence, index) in members.enumerated() {
                guard let vector = llama_get_embeddings_seq(context.pointer, Int32(sequence)) else {
                    throw InferenceError(
                        .engine, "\(model.path): llama.cpp returned no pooled embedding (is this an embedding model?)")
                }
                results[index] = VectorMath.normalized(Array(UnsafeBufferPointer(start: vector, count: dimension)))
            }
        }
        return results
    }
}
