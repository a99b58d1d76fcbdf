import Foundation
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotTestSupport

/// Real models from scripts/bootstrap.sh and corpus libraries shared by the enrichment tests.
enum EnrichmentFixture {
    static let smolLM = ModelFiles.path(InferenceConfiguration.testChatFile)
    static let miniLM = ModelFiles.path(InferenceConfiguration.defaultEmbeddingFile)

    /// SmolLM2-135M with a 2048-token context: small enough for 2 cores, large enough for 1500-token chunks.
    static let engine: Result<LlamaEngine, any Error> = Result { try makeEngine() }

    /// Another such engine, for a long test that would otherwise queue behind ``engine``'s users.
    static let secondEngine: Result<LlamaEngine, any Error> = Result { try makeEngine() }

    private static func makeEngine() throws -> LlamaEngine {
        try LlamaEngine(
            modelPath: smolLM, settings: EngineSettings(contextSize: 2048, threads: engineThreads, batchSize: 512))
    }

    static let embedder: Result<LlamaEmbedder, any Error> = Result {
        try LlamaEmbedder(modelPath: miniLM, settings: .init(threads: engineThreads))
    }

    /// A library holding one corpus file; returns it with the file's first episode id.
    static func library(_ name: String, in scratch: ScratchFolder) throws -> (Library, Int64) {
        let library = try Library(path: scratch.path("library.sqlite"))
        let report = try library.importFile(ImportRequest(path: Corpus.path(name)))
        return (library, report.episodeIDs[0])
    }
}

/// Counts tokens as words: for chunk bookkeeping tests only (no model involved).
struct WordCounter {
    static func count(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }
}
