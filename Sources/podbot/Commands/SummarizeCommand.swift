import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotEnrichment
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot summarize EPISODE...|--all`: map-reduce summaries and chapters with the chat model.
struct SummarizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarize episodes (map-reduce over token chunks) and make their chapters, with the chat model.",
        discussion: """
            Each chunk's summary is stored as soon as it is made: interrupt with Ctrl-C (or kill) and run the same \
            command again to continue where it stopped. Chapter times come from the transcript, never from the \
            model; untimed episodes get chapter positions and first words instead. Chapters start where the \
            transcript changes topic, found with the embedding model (with --no-embeddings, by the passages' words).
            """)

    @OptionGroup var library: LibraryOptions
    @OptionGroup var enrich: EnrichOptions
    @Flag(help: "Skip chapters.") var noChapters = false
    @Flag(
        help: """
            Also ask the model to combine the map sentences into two paragraphs (the reduce step); kept only when \
            it holds up and covers the whole episode.
            """)
    var reduce = false
    @Option(help: "Share of each chunk a map step reads, its most central sentences (above 0.1; 1 reads it all).")
    var mapShare = EnrichmentSettings.defaultMapInputShare
    // The same names as `podbot search`, `index` and `serve`; `--embed-model` and `--embed-url` still work.
    @Option(
        name: [.customLong("embedding-model"), .customLong("embed-model")],
        help: "A GGUF embedding model for finding topic changes (or, with --embedding-url, the server's model name).")
    var embedModel: String?
    @Option(
        name: [.customLong("embedding-url"), .customLong("embed-url")],
        help: "Base URL of an OpenAI-compatible embedding server.")
    var embedURL: String?
    @Flag(help: "Find topic changes by the passages' words, without an embedding model.") var noEmbeddings = false

    func run() async throws {
        let overrides = enrich.overrides(embeddingModel: embedModel, embeddingURL: embedURL)
        let podbot = Podbot(library: try library.open(), inference: overrides, notice: Terminal.notice)
        let ids = try await enrich.episodeIDs(podbot)
        var settings = enrich.settings(try enrich.configuration(embeddingModel: embedModel, embeddingURL: embedURL))
        settings.chapters = !noChapters
        settings.reduce = reduce
        settings.mapInputShare = mapShare
        let renderer = ProgressRenderer(enrich.json && enrich.progress == .auto ? .none : enrich.progress)
        do {
            let reports = try await podbot.summarize(
                ids, settings: settings, embeddings: !noEmbeddings, progress: renderer.handler
            ) { report in
                if !enrich.json { try await print(report, podbot: podbot) }
            }
            if enrich.json { try Terminal.printJSON(reports) }
        } catch {
            renderer.finishLine()
            throw error
        }
    }

    private func print(_ report: SummaryReport, podbot: Podbot) async throws {
        let detail = try await podbot.episode(report.episode, segments: 0..<0)
        let summary =
            report.sentences.isEmpty
            ? "(No summary stored: no sentence the model wrote is supported by the transcript; "
                + "\(report.dropped + report.mapDropped) were dropped.)" : report.summary
        Swift.print("# \(report.title)\n\n\(summary)\n")
        if !detail.chapters.isEmpty {
            Swift.print("Chapters:")
            for chapter in detail.chapters {
                let at =
                    chapter.startSeconds.map(TimeFormat.clock)
                    ?? chapter.position.map { String(format: "%3.0f%%", $0 * 100) } ?? ""
                Swift.print("  \(at)  \(chapter.title)" + (chapter.firstWords.map { "  (“\($0)…”)" } ?? ""))
            }
            Swift.print("")
        }
        Terminal.standardError(
            String(
                format:
                    "[%d chunks · %d model steps, %d stored · prompt %d tok %.1f t/s · generated %d tok %.1f t/s · %.1f s]",
                report.chunks, report.generatedSteps, report.reusedSteps, report.runStats.promptTokens,
                report.runStats.promptTokensPerSecond, report.runStats.generatedTokens,
                report.runStats.generationTokensPerSecond, report.wallSeconds))
    }
}
