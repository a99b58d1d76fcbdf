import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLlama

/// `podbot models`: the configured chat and embedding models (and the second embedding model, when one ranks
/// beside the first), read from their GGUF metadata.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the configured models (architecture, size, quantisation, context).")

    @Flag(help: "Also list every GGUF file in the models directory.") var all = false
    @Flag(help: "Print JSON.") var json = false

    struct Entry: Encodable {
        var role: String
        var source: String
        var info: ModelInfo?
        var error: String?
        /// The embedding model's prefixes, when any is configured.
        var queryPrefix: String?
        var documentPrefix: String?

        enum CodingKeys: String, CodingKey {
            case role, source, info, error
            case queryPrefix = "query_prefix"
            case documentPrefix = "document_prefix"
        }
    }

    func run() async throws {
        let configuration = try InferenceConfiguration.resolve()
        var entries = [
            Self.entry(role: "chat", configuration.chat),
            Self.entry(role: "embedding", configuration.embedding, prefixes: configuration.embeddingPrefixes),
        ]
        if let second = configuration.secondEmbedding {
            entries.append(Self.entry(role: "second embedding", second.source, prefixes: second.prefixes))
        }
        if all {
            let dir = InferenceConfiguration.modelsDirectory()
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            let configured = Set(entries.map(\.source))
            for file in files.sorted() where file.hasSuffix(".gguf") && !configured.contains(dir + "/" + file) {
                entries.append(Self.entry(role: "available", .file(path: dir + "/" + file)))
            }
        }
        if json { return try Terminal.printJSON(entries) }
        for entry in entries {
            print("\(entry.role): \(entry.source)")
            if let info = entry.info {
                let size = ByteCountFormatter.string(fromByteCount: Int64(info.fileSize), countStyle: .file)
                print(
                    "  \(info.architecture), \(Self.parameters(info.parameters)) parameters, \(info.quantization), "
                        + "context \(info.contextLength), \(size)")
            } else if let error = entry.error {
                print("  unavailable: \(error)")
            }
            if entry.queryPrefix != nil || entry.documentPrefix != nil {
                print(
                    "  prefixes: questions \(Self.quoted(entry.queryPrefix)), passages \(Self.quoted(entry.documentPrefix))"
                )
            }
        }
    }

    static func entry(role: String, _ source: ModelSource, prefixes: EmbeddingPrefixes = .none) -> Entry {
        var entry: Entry
        switch source {
        case .server:
            entry = Entry(role: role, source: source.description, info: nil, error: nil)
        case .file(let path):
            do {
                entry = Entry(role: role, source: path, info: try LlamaModel(path: path, inspectOnly: true).info)
            } catch {
                entry = Entry(role: role, source: path, info: nil, error: "\(error)")
            }
        }
        entry.queryPrefix = prefixes.query.isEmpty ? nil : prefixes.query
        entry.documentPrefix = prefixes.document.isEmpty ? nil : prefixes.document
        return entry
    }

    /// A prefix as typed, in quotes so its spaces show; "none" without one.
    static func quoted(_ prefix: String?) -> String { prefix.map { "\"\($0)\"" } ?? "none" }

    static func parameters(_ count: Int) -> String {
        count >= 1_000_000_000
            ? String(format: "%.2fB", Double(count) / 1e9) : String(format: "%.0fM", Double(count) / 1e6)
    }
}
