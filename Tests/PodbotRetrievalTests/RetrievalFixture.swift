import Foundation
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval
import PodbotTestSupport
import PodbotTranscript

/// One library with all five corpus files, imported and embedded with the real MiniLM once, shared by the
/// model-backed tests (embedding ~860 passages takes minutes on 2 cores; doing it once keeps the suite bearable).
enum RetrievalFixture {
    struct Built: Sendable {
        let library: Library
        let embedder: LlamaEmbedder
        let retriever: Retriever
        let firstRun: EmbeddingIndexer.Report
        let scratch: ScratchFolder
        let path: String
    }

    static let miniLM = ModelFiles.path(InferenceConfiguration.defaultEmbeddingFile)
    static let smolLM = ModelFiles.path(InferenceConfiguration.testChatFile)

    static let shared = Task<Built, any Error> {
        let scratch = ScratchFolder.forTheProcess()
        let path = scratch.path("library.sqlite")
        // The import on a thread of its own: it would hold one of the cooperative pool's threads for its whole length.
        let library = try await onOwnThread {
            let library = try Library(path: path)
            // The metadata a user gives for the corpus (shows, hosts), as `make demo` does.
            let sidecar = try MetadataSidecar(
                path: Corpus.repositoryRoot.appendingPathComponent("demo/corpus-meta.json").path)
            for name in Corpus.all {
                let entry = sidecar.entry(for: name)
                _ = try library.importFile(
                    ImportRequest(
                        path: Corpus.path(name), metadata: entry?.metadata ?? EpisodeMetadata(),
                        speakers: entry?.speakers ?? []))
            }
            return library
        }
        let embedder = try LlamaEmbedder(modelPath: miniLM, settings: .init(threads: engineThreads))
        let report = try await EmbeddingIndexer(library: library, embedder: embedder).run()
        let retriever = try Retriever(library: library, embedder: embedder)
        return Built(
            library: library, embedder: embedder, retriever: retriever, firstRun: report, scratch: scratch, path: path)
    }

    static func get() async throws -> Built { try await shared.value }

    static let generator = Result<LlamaEngine, any Error> {
        try LlamaEngine(
            modelPath: smolLM, settings: EngineSettings(contextSize: 2048, threads: engineThreads, batchSize: 512))
    }
}
