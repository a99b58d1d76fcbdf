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
        if let failure = report.secondFailure {
            Terminal.notice(
                "\(failure); embedded with \(report.first.model) alone and deleted no vectors "
                    + "(set PODBOT_SECOND_EMBEDDING=off to index without the second model)")
        }
        if json {
            let first = report.first
            return try Terminal.printJSON(
                IndexOutput(
                    model: first.model, embedded: first.embedded, total: first.total, passages: first.passages,
                    seconds: first.seconds,
                    second: report.second.map {
                        .init(model: $0.model, embedded: $0.embedded, total: $0.total, seconds: $0.seconds)
                    }, removedOtherModels: report.removed, secondFailure: report.secondFailure))
        }
        for run in [report.first] + [report.second].compactMap({ $0 }) {
            print(
                "Embedded \(run.embedded) passages in \(String(format: "%.1f", run.seconds)) s; "
                    + "\(run.total) of \(run.passages) passages have vectors (\(run.model)).")
        }
        if report.removed > 0 { print("Deleted the vectors of models no longer configured (\(report.removed)).") }
    }
}

/// What `podbot index --json` prints: the first embedding model's run, then the second model's when one is
/// configured.
struct IndexOutput: Encodable {
    struct Run: Encodable {
        var model: String
        var embedded: Int
        var total: Int
        var seconds: Double
    }

    var model: String
    var embedded: Int
    var total: Int
    var passages: Int
    var seconds: Double
    var second: Run?
    var removedOtherModels: Int
    /// Why the configured second model embedded nothing, when it could not be loaded.
    var secondFailure: String?

    enum CodingKeys: String, CodingKey {
        case model, embedded, total, passages, seconds, second
        case removedOtherModels = "removed_other_models"
        case secondFailure = "second_failure"
    }
}
