import Foundation
import PodbotInference
import PodbotLlama
import PodbotTestSupport
import Testing

/// Paths of the real models that scripts/bootstrap.sh provides, and engines shared by the tests (loading once keeps
/// the suite fast on 2 cores).
enum TestModels {
    static let smolLM = ModelFiles.path(InferenceConfiguration.testChatFile)
    static let miniLM = ModelFiles.path("all-MiniLM-L6-v2-f32.gguf")
    static let miniLMf16 = ModelFiles.path("all-MiniLM-L6-v2-f16.gguf")

    /// One SmolLM2 engine for all generation tests (a small context keeps it light).
    static let engine: Result<LlamaEngine, any Error> = Result {
        try LlamaEngine(
            modelPath: smolLM, settings: EngineSettings(contextSize: 1024, threads: engineThreads, batchSize: 256))
    }

    /// One MiniLM embedder for all embedding tests.
    static let embedder: Result<LlamaEmbedder, any Error> = Result {
        try LlamaEmbedder(modelPath: miniLM, settings: .init(threads: engineThreads))
    }
}
