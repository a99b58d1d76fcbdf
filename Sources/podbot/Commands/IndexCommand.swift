import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot index`: embeds the passages that have no vector yet (incremental).
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Embed new or changed passages for vector and hybrid search.",
        discussion: """
            Only passages without a vector from the configured embedding model are embedded, so a second run \
            after no import does nothing. Each batch is saved as it finishes; an interrupted run keeps its work.
            """)

    @OptionGroup var options: LibraryOptions
    @OptionGroup var embedding: EmbeddingOptions
    @Option(help: "Passages per batch (and per transaction).") var batchSize = 64
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let podbot = Podbot(library: try options.open(), inference: embedding.overrides())
        let report = try await podbot.indexEmbeddings(batchSize: batchSize) { done, todo in
            Terminal.standardError("embedded \(done)/\(todo) passages")
        }
        if json {
            return try Terminal.printJSON(
                IndexOutput(
                    model: report.model, embedded: report.embedded, total: report.total, passages: report.passages,
                    seconds: report.seconds))
        }
        print(
            "Embedded \(report.embedded) passages in \(String(format: "%.1f", report.seconds)) s; "
                + "\(report.total) of \(report.passages) passages have vectors (\(report.model)).")
    }
}

/// What `podbot index --json` prints.
struct IndexOutput: Encodable {
    var model: String
    var embedded: Int
    var total: Int
    var passages: Int
    var seconds: Double
}
