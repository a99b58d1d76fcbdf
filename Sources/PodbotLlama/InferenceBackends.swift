import PodbotInference

/// Builds the configured ``TextGenerator`` and ``Embedder``: the in-process llama.cpp engine for a GGUF path, the
/// OpenAI-compatible client for a server.
public enum InferenceBackends {
    /// The chat model of `configuration`.
    /// - Throws: ``InferenceError`` when a local model cannot be loaded.
    public static func textGenerator(_ configuration: InferenceConfiguration) throws -> any TextGenerator {
        switch configuration.chat {
        case .file(let path): return try LlamaEngine(modelPath: path, settings: configuration.engine)
        case .server(let endpoint): return OpenAIClient(endpoint: endpoint, parallelism: configuration.engine.parallel)
        }
    }

    /// The embedding model of `configuration`, with its prefixes.
    /// - Throws: ``InferenceError`` when a local model cannot be loaded.
    public static func embedder(_ configuration: InferenceConfiguration) throws -> any Embedder {
        let embedder: any Embedder
        switch configuration.embedding {
        case .file(let path):
            embedder = try LlamaEmbedder(
                modelPath: path, settings: LlamaEmbedder.Settings(threads: configuration.engine.threads))
        case .server(let endpoint): embedder = OpenAIClient(endpoint: endpoint)
        }
        let prefixes = configuration.embeddingPrefixes
        return prefixes == .none ? embedder : PrefixedEmbedder(embedder, prefixes: prefixes)
    }
}
