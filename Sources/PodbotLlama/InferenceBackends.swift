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
        try embedder(configuration.embedding, prefixes: configuration.embeddingPrefixes, engine: configuration.engine)
    }

    /// The second embedding model of `configuration` (``InferenceConfiguration/secondEmbedding``), or `nil`.
    /// - Throws: ``InferenceError`` when its file cannot be loaded.
    public static func secondEmbedder(_ configuration: InferenceConfiguration) throws -> (any Embedder)? {
        try configuration.secondEmbedding.map {
            try embedder($0.source, prefixes: $0.prefixes, engine: configuration.engine)
        }
    }

    private static func embedder(_ source: ModelSource, prefixes: EmbeddingPrefixes, engine: EngineSettings) throws
        -> any Embedder
    {
        let embedder: any Embedder
        switch source {
        case .file(let path):
            embedder = try LlamaEmbedder(modelPath: path, settings: LlamaEmbedder.Settings(threads: engine.threads))
        case .server(let endpoint): embedder = OpenAIClient(endpoint: endpoint)
        }
        return prefixes == .none ? embedder : PrefixedEmbedder(embedder, prefixes: prefixes)
    }
}
