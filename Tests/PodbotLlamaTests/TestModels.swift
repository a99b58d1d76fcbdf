import Foundation
import PodbotInference
import PodbotLlama
import Testing

/// Paths of the real models that scripts/bootstrap.sh provides, and engines shared by the tests (loading once keeps
/// the suite fast on 2 cores).
enum TestModels {
    /// The checkout's root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$PODBOT_MODELS_DIR`, else the checkout's `.deps/models` link.
    static let modelsDirectory: String = {
        if let dir = ProcessInfo.processInfo.environment["PODBOT_MODELS_DIR"], !dir.isEmpty { return dir }
        return repositoryRoot.appendingPathComponent(".deps/models").path
    }()

    static let smolLM = modelsDirectory + "/" + InferenceConfiguration.testChatFile
    static let miniLM = modelsDirectory + "/all-MiniLM-L6-v2-f32.gguf"
    static let miniLMf16 = modelsDirectory + "/all-MiniLM-L6-v2-f16.gguf"

    /// The corpus: `$PODBOT_CORPUS`, else `../shared/corpus` beside the checkout.
    static let corpus: URL = {
        if let dir = ProcessInfo.processInfo.environment["PODBOT_CORPUS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static func corpusText(_ name: String) throws -> String {
        try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
    }

    /// One SmolLM2 engine for all generation tests (a small context keeps it light).
    static let engine: Result<LlamaEngine, any Error> = Result {
        try LlamaEngine(modelPath: smolLM, settings: EngineSettings(contextSize: 1024, threads: 2, batchSize: 256))
    }

    /// One MiniLM embedder for all embedding tests.
    static let embedder: Result<LlamaEmbedder, any Error> = Result {
        try LlamaEmbedder(modelPath: miniLM, settings: .init(threads: 2))
    }
}
