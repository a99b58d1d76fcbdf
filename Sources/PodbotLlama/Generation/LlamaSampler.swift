internal import CLlama
import PodbotInference

/// A llama.cpp sampler chain built from ``GenerationOptions``. Frees it when released.
///
/// Order: repeat penalty, then top-k, top-p, min-p, temperature and a seeded random draw; at temperature 0 the chain
/// is the repeat penalty followed by greedy selection.
final class LlamaSampler {
    let pointer: UnsafeMutablePointer<llama_sampler>

    /// - Parameter grammar: a grammar sampler (``grammar(_:model:)``) the chain takes ownership of; it runs right
    ///   after the repeat penalty so every later step only sees tokens the grammar allows.
    init(options: GenerationOptions, vocabularySize: Int, grammar: UnsafeMutablePointer<llama_sampler>? = nil) {
        var params = llama_sampler_chain_default_params()
        params.no_perf = true
        pointer = llama_sampler_chain_init(params)
        if options.repeatPenalty != 1 {
            llama_sampler_chain_add(
                pointer, llama_sampler_init_penalties(Int32(vocabularySize), 64, Float(options.repeatPenalty), 0, 0))
        }
        if let grammar { llama_sampler_chain_add(pointer, grammar) }
        if options.temperature <= 0 {
            llama_sampler_chain_add(pointer, llama_sampler_init_greedy())
            return
        }
        if options.topK > 0 { llama_sampler_chain_add(pointer, llama_sampler_init_top_k(Int32(options.topK))) }
        if options.topP < 1 { llama_sampler_chain_add(pointer, llama_sampler_init_top_p(Float(options.topP), 1)) }
        if options.minP > 0 { llama_sampler_chain_add(pointer, llama_sampler_init_min_p(Float(options.minP), 1)) }
        llama_sampler_chain_add(pointer, llama_sampler_init_temp(Float(options.temperature)))
        llama_sampler_chain_add(pointer, llama_sampler_init_dist(options.seed))
    }

    deinit {
        llama_sampler_free(pointer)
    }

    /// A GBNF grammar sampler (start rule `root`) for `model`'s vocabulary.
    /// - Throws: ``InferenceError`` `.invalidInput` when llama.cpp cannot parse the grammar.
    static func grammar(_ text: String, model: LlamaModel) throws -> UnsafeMutablePointer<llama_sampler> {
        guard let sampler = llama_sampler_init_grammar(model.vocab, text, "root") else {
            throw InferenceError(
                .invalidInput, "the GBNF grammar does not parse (llama.cpp rejected it): \(text.prefix(200))")
        }
        return sampler
    }

    /// Samples the next token from the logits of output `index` (-1: the last) and accepts it into the chain.
    func sample(_ context: LlamaContext, index: Int32 = -1) -> Int32 {
        llama_sampler_sample(pointer, context.pointer, index)
    }
}
