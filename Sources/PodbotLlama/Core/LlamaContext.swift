internal import CLlama
import PodbotInference

/// A llama.cpp context (KV cache and compute buffers) for one model. Frees it when released.
///
/// Not thread-safe: its owner (``LlamaEngine`` or ``LlamaEmbedder``, both actors) serialises every use.
final class LlamaContext {
    let pointer: OpaquePointer
    /// Keeps the model alive as long as the context.
    let model: LlamaModel

    /// How the context is created.
    struct Parameters {
        var contextSize: Int
        var batchSize: Int
        var microBatchSize: Int
        var threads: Int
        var embeddings = false
        var maxSequences = 1
    }

    init(model: LlamaModel, parameters: Parameters) throws {
        var params = llama_context_default_params()
        params.n_ctx = UInt32(parameters.contextSize)
        params.n_batch = UInt32(parameters.batchSize)
        params.n_ubatch = UInt32(parameters.microBatchSize)
        params.n_seq_max = UInt32(parameters.maxSequences)
        params.n_threads = Int32(parameters.threads)
        params.n_threads_batch = Int32(parameters.threads)
        params.no_perf = true
        if parameters.embeddings {
            params.embeddings = true
            params.pooling_type = LLAMA_POOLING_TYPE_MEAN
            params.kv_unified = true
        }
        guard let context = llama_init_from_model(model.pointer, params) else {
            throw InferenceError(
                .engine,
                "\(model.path): llama.cpp could not create a context of \(parameters.contextSize) tokens "
                    + "(out of memory? try a smaller context size)")
        }
        self.pointer = context
        self.model = model
        self.threads = parameters.threads
    }

    deinit {
        llama_free(pointer)
    }

    /// The context size llama.cpp actually allocated.
    var size: Int { Int(llama_n_ctx(pointer)) }

    /// Most tokens per `llama_decode` call.
    var batchSize: Int { Int(llama_n_batch(pointer)) }

    /// Most tokens per physical batch (for non-causal embedding models, a sequence must fit in one).
    var microBatchSize: Int { Int(llama_n_ubatch(pointer)) }

    /// Threads the next decodes use.
    private(set) var threads: Int = 0

    /// Sets the threads of the next decodes (generation and batch alike), when they change.
    func use(threads count: Int) {
        guard count != threads else { return }
        llama_set_n_threads(pointer, Int32(count), Int32(count))
        threads = count
    }

    /// Before a run of decodes: the user's thread count, else the cores other processes leave free now
    /// (``ProcessorShare``); `wait` as there. With `others` more contexts of this process decoding at the same
    /// time, this one takes its share of that count (at least one thread).
    func chooseThreads(fixed: Int?, wait: Bool = true, sharedWith others: Int = 0) {
        let threads = fixed ?? ProcessorShare.shared.threads(wait: wait)
        use(threads: max(1, threads / (others + 1)))
    }

    /// Forgets all sequences (the KV cache), if the model has a memory at all.
    func clearMemory() {
        if let memory = llama_get_memory(pointer) { llama_memory_clear(memory, true) }
    }

    /// Whether the context has a KV cache (encoder-only models such as BERT have none).
    var hasMemory: Bool { llama_get_memory(pointer) != nil }

    /// Runs the model on `batch`; for models without a KV cache (BERT) this is an encode pass.
    func decode(_ batch: LlamaBatch) throws {
        let status = hasMemory ? llama_decode(pointer, batch.raw) : llama_encode(pointer, batch.raw)
        guard status == 0 else {
            let reason: String
            switch status {
            case 1: reason = "no room in the KV cache (context of \(size) tokens is full)"
            case 2: reason = "aborted"
            case -1: reason = "invalid batch"
            default: reason = "error \(status)"
            }
            throw InferenceError(.engine, "\(model.path): llama_decode failed: \(reason)")
        }
    }
}

/// A reusable batch of tokens for `llama_decode`. Frees it when released.
final class LlamaBatch {
    private(set) var raw: llama_batch
    let capacity: Int

    init(capacity: Int, maxSequencesPerToken: Int = 1) {
        self.raw = llama_batch_init(Int32(capacity), 0, Int32(maxSequencesPerToken))
        self.capacity = capacity
    }

    deinit {
        llama_batch_free(raw)
    }

    var count: Int { Int(raw.n_tokens) }

    func clear() { raw.n_tokens = 0 }

    /// Appends one token of sequence `sequence` at position `position`; `output` asks for its logits/embedding.
    func append(_ token: Int32, position: Int, sequence: Int32 = 0, output: Bool) {
        let i = Int(raw.n_tokens)
        precondition(i < capacity, "LlamaBatch overflow")  // callers size batches from the context; a bug otherwise
        raw.token[i] = token
        raw.pos[i] = Int32(position)
        raw.n_seq_id[i] = 1
        raw.seq_id[i]![0] = sequence
        raw.logits[i] = output ? 1 : 0
        raw.n_tokens += 1
    }
}
