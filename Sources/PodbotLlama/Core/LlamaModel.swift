internal import CLlama
import Foundation
import PodbotInference

/// A GGUF model loaded (memory-mapped) by llama.cpp. Frees the model when released.
///
/// Immutable after loading, so it may be shared across threads: llama.cpp's model and vocabulary queries
/// (tokenize, detokenize, metadata) are thread-safe. Contexts that run it are not; see ``LlamaEngine``.
public final class LlamaModel: @unchecked Sendable {
    let pointer: OpaquePointer
    let vocab: OpaquePointer
    /// The file it was loaded from.
    public let path: String
    /// Size of the file in bytes.
    public let fileSize: UInt64

    /// Loads `path` with mmap after checking it is a complete GGUF file.
    /// - Parameter inspectOnly: for listing models: skip the CPU weight repacking that speeds up inference, so
    ///   loading only maps the file (llama.cpp's `no_alloc` would be lighter still but aborts for some models).
    /// - Throws: ``InferenceError`` of kind `.modelFile` naming the file.
    public init(path: String, inspectOnly: Bool = false) throws {
        let fileSize = try GGUFFile.validate(path: path)
        LlamaBackend.ensureInitialized()
        var params = llama_model_default_params()
        params.n_gpu_layers = 0
        params.load_mode = LLAMA_LOAD_MODE_MMAP
        if inspectOnly { params.use_extra_bufts = false }
        guard let model = llama_model_load_from_file(path, params) else {
            throw InferenceError(
                .modelFile,
                "\(path): llama.cpp could not load this model (unsupported architecture or corrupt tensors; "
                    + "set PODBOT_LLAMA_LOG=1 to see llama.cpp's log)")
        }
        guard let vocab = llama_model_get_vocab(model) else {
            llama_model_free(model)
            throw InferenceError(.modelFile, "\(path): the model has no vocabulary")
        }
        self.pointer = model
        self.vocab = vocab
        self.path = path
        self.fileSize = fileSize
    }

    deinit {
        llama_model_free(pointer)
    }

    /// The file name without directory, used as the model's name.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Context length the model was trained with.
    public var trainedContextLength: Int { Int(llama_model_n_ctx_train(pointer)) }

    /// Width of the model's hidden state (and of its pooled embeddings).
    public var embeddingLength: Int { Int(llama_model_n_embd(pointer)) }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { Int(llama_vocab_n_tokens(vocab)) }

    /// A metadata value by GGUF key, e.g. `general.architecture`.
    public func metadata(_ key: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        var n = llama_model_meta_val_str(pointer, key, &buffer, buffer.count)
        if n < 0 { return nil }
        if Int(n) >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(n) + 1)
            n = llama_model_meta_val_str(pointer, key, &buffer, buffer.count)
        }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Facts about the model, read from its GGUF metadata through llama.cpp.
    public var info: ModelInfo {
        var description = [CChar](repeating: 0, count: 256)
        let n = llama_model_desc(pointer, &description, description.count)
        return ModelInfo(
            path: path, architecture: metadata("general.architecture") ?? "unknown",
            name: metadata("general.name"),
            parameters: Int(llama_model_n_params(pointer)),
            quantization: String(cString: llama_ftype_name(llama_model_ftype(pointer))),
            contextLength: trainedContextLength, embeddingLength: embeddingLength, fileSize: fileSize,
            description: n > 0
                ? String(decoding: description.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "")
    }

    // MARK: - Tokens

    /// Tokenizes `text`.
    /// - Parameters:
    ///   - addSpecial: add BOS/CLS/SEP as the model's metadata asks.
    ///   - parseSpecial: read control-token text (e.g. `<|im_start|>`) as those tokens; only for trusted text such as
    ///     a chat template's output.
    public func tokenize(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        let utf8 = Array(text.utf8)
        var tokens = [Int32](repeating: 0, count: utf8.count + 8)
        var n = utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                llama_tokenize(
                    vocab, chars.baseAddress, Int32(chars.count), &tokens, Int32(tokens.count), addSpecial, parseSpecial
                )
            }
        }
        if n < 0 {
            tokens = [Int32](repeating: 0, count: Int(-n))
            n = utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    llama_tokenize(
                        vocab, chars.baseAddress, Int32(chars.count), &tokens, Int32(tokens.count), addSpecial,
                        parseSpecial)
                }
            }
        }
        return Array(tokens.prefix(max(0, Int(n))))
    }

    /// The bytes of one token's text (a token may end inside a multi-byte UTF-8 character).
    func pieceBytes(_ token: Int32, special: Bool = false) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 64)
        var n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, special)
        if n < 0 {
            buffer = [CChar](repeating: 0, count: Int(-n))
            n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, special)
        }
        return buffer.prefix(max(0, Int(n))).map { UInt8(bitPattern: $0) }
    }

    /// The text of `tokens` (special tokens removed, invalid UTF-8 replaced).
    public func detokenize(_ tokens: [Int32]) -> String {
        var buffer = [CChar](repeating: 0, count: tokens.count * 8 + 16)
        var n = llama_detokenize(vocab, tokens, Int32(tokens.count), &buffer, Int32(buffer.count), true, false)
        if n < 0 {
            buffer = [CChar](repeating: 0, count: Int(-n))
            n = llama_detokenize(vocab, tokens, Int32(tokens.count), &buffer, Int32(buffer.count), true, false)
        }
        return String(decoding: buffer.prefix(max(0, Int(n))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `token` ends generation (EOS, EOT, …).
    func isEndOfGeneration(_ token: Int32) -> Bool { llama_vocab_is_eog(vocab, token) }

    // MARK: - Chat template

    /// Formats a conversation with the chat template in the model's GGUF metadata (`tokenizer.chat_template`), ready
    /// for the assistant's reply.
    ///
    /// llama.cpp recognises a fixed list of well-known templates (it has no Jinja engine). When the model has no
    /// template, or one llama.cpp does not recognise, the fallback is ChatML
    /// (`<|im_start|>role\ncontent<|im_end|>\n` … `<|im_start|>assistant\n`), which Qwen and SmolLM use.
    public func applyChatTemplate(_ messages: [ChatMessage]) -> String {
        if let template = llama_model_chat_template(pointer, nil),
            let formatted = Self.apply(template: template, messages)
        {
            return formatted
        }
        return Self.chatML(messages)
    }

    /// ChatML, the documented fallback template.
    public static func chatML(_ messages: [ChatMessage]) -> String {
        messages.map { "<|im_start|>\($0.role.rawValue)\n\($0.content)<|im_end|>\n" }.joined()
            + "<|im_start|>assistant\n"
    }

    private static func apply(template: UnsafePointer<CChar>, _ messages: [ChatMessage]) -> String? {
        let roles = messages.map { strdup($0.role.rawValue) }
        let contents = messages.map { strdup($0.content) }
        defer {
            roles.forEach { free($0) }
            contents.forEach { free($0) }
        }
        let chat = zip(roles, contents).map { llama_chat_message(role: $0, content: $1) }
        var capacity = max(1024, messages.reduce(0) { $0 + $1.content.utf8.count } * 2 + 256)
        for _ in 0..<2 {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = llama_chat_apply_template(template, chat, chat.count, true, &buffer, Int32(capacity))
            if n < 0 { return nil }
            if Int(n) <= capacity {
                return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            capacity = Int(n) + 1
        }
        return nil
    }
}

/// What `podbot models` shows about a model.
public struct ModelInfo: Sendable, Hashable, Codable {
    /// The GGUF file.
    public var path: String
    /// `general.architecture`, e.g. `qwen2`, `llama`, `bert`.
    public var architecture: String
    /// `general.name`, when the file has one.
    public var name: String?
    /// Number of parameters.
    public var parameters: Int
    /// Weight type, e.g. `Q4_K - Medium`.
    public var quantization: String
    /// Context length the model was trained with.
    public var contextLength: Int
    /// Hidden size (embedding dimension).
    public var embeddingLength: Int
    /// File size in bytes.
    public var fileSize: UInt64
    /// llama.cpp's one-line description, e.g. `qwen2 1B Q4_K - Medium`.
    public var description: String
}
