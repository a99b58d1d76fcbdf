import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLlama

/// `podbot embed TEXT...`: prints one embedding vector per text.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Embed texts with the embedding model (unit-length vectors).")

    @Argument(help: "Texts to embed.") var texts: [String]
    @Option(help: "A GGUF embedding model (or, with --url, the server's model name).") var model: String?
    @Option(help: "Base URL of an OpenAI-compatible server.") var url: String?
    @Option(
        help: "CPU threads for a local model (default: the cores other processes leave free, rechecked as it runs).")
    var threads: Int?
    @Flag(help: "Print {\"embeddings\": [[...], ...]}.") var json = false

    func run() async throws {
        let configuration = try InferenceConfiguration.resolve(
            overrides: .init(embeddingModel: model, embeddingURL: url, threads: threads))
        let embedder = try InferenceBackends.embedder(configuration)
        let vectors = try await embedder.embed(texts)
        if json { return try Terminal.printJSON(["embeddings": vectors]) }
        for (text, vector) in zip(texts, vectors) {
            let head = vector.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: ", ")
            print("\(vector.count) dims [\(head), …]  \(text.prefix(60))")
        }
    }
}
