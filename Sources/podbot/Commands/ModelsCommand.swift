import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLlama

/// `podbot models`: the configured chat and embedding models, read from their GGUF metadata.
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
    }

    func run() async throws {
        let configuration = try InferenceConfiguration.resolve()
        var entries = [
            Self.entry(role: "chat", configuration.chat), Self.entry(role: "embedding", configuration.embedding),
        ]
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
        }
    }

    static func entry(role: String, _ source: ModelSource) -> Entry {
        switch source {
        case .server:
            return Entry(role: role, source: source.description, info: nil, error: nil)
        case .file(let path):
            do {
                return Entry(role: role, source: path, info: try LlamaModel(path: path, inspectOnly: true).info)
            } catch {
                return Entry(role: role, source: path, info: nil, error: "\(error)")
            }
        }
    }

    static func parameters(_ count: Int) -> String {
        count >= 1_000_000_000
            ? String(format: "%.2fB", Double(count) / 1e9) : String(format: "%.0fM", Double(count) / 1e6)
    }
}
