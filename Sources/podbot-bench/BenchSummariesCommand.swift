import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotEnrichment
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotService

/// `podbot bench summaries EPISODE...`: how grounded each episode's summaries are, podbot's beside the one it
/// replaced (the reference bot's gpt-3.5 summaries of the CSV rows), by podbot's own sentence check.
struct BenchSummariesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summaries",
        abstract: "Audit summaries against their transcripts: sentences supported, names and numbers not in them.")

    @OptionGroup var library: LibraryOptions
    @OptionGroup var enrich: EnrichOptions

    struct Row: Encodable {
        var episode: Int64
        var title: String
        var summary: String
        var origin: String
        var audit: SummaryAudit
        var chapters: [String]
    }

    func run() async throws {
        let library = try library.openForReading()
        let configuration = try enrich.configuration()
        let generator = try InferenceBackends.textGenerator(configuration)
        let settings = enrich.settings(configuration)
        var rows: [Row] = []
        for id in try await enrich.episodeIDs(Podbot(library: library)) {
            let detail = try library.episode(id)
            var summaries: [(String, String)] = []
            if let text = detail.summary { summaries.append((detail.summaryOrigin?.rawValue ?? "unknown", text)) }
            if let replaced = try library.replacedImportedSummary(episode: id) {
                summaries.append(("imported", replaced))
            }
            for (origin, text) in summaries {
                let audit = try await SummaryAudit.audit(
                    text, episode: id, library: library, generator: generator, settings: settings)
                rows.append(
                    Row(
                        episode: id, title: detail.episode.title, summary: text, origin: origin, audit: audit,
                        chapters: origin == "imported" ? [] : detail.chapters.map(\.title)))
            }
        }
        if enrich.json { return try Terminal.printJSON(rows) }
        print("| episode | summary | sentences | supported | names/numbers not in the transcript | chapters |")
        print("|---|---|---:|---:|---|---:|")
        for row in rows {
            print(
                "| \(row.title.prefix(40)) | \(row.origin) | \(row.audit.sentences) | "
                    + String(format: "%.2f", row.audit.supportedShare) + " | "
                    + (row.audit.absentTerms.isEmpty ? "none" : row.audit.absentTerms.joined(separator: ", "))
                    + " | \(row.chapters.count) |")
        }
    }
}
