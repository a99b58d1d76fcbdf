import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotEnrichment
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot questions EPISODE...|--all`: listener questions per chunk, grammar-constrained and deduplicated.
struct QuestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions",
        abstract: "Generate up to 3 listener questions per chunk of each episode, without near-duplicates.",
        discussion: """
            Output is constrained by a grammar, so every question is one line ending in "?". A question is kept \
            only when asking it back (hybrid search within the episode, BM25 alone without vectors) brings up its \
            own part of the transcript in the top 3. Near-duplicates are removed by embedding similarity (the \
            configured embedding model). Each chunk's questions are stored as \
            soon as they are made; rerun an interrupted command to continue.
            """)

    @OptionGroup var library: LibraryOptions
    @OptionGroup var enrich: EnrichOptions
    // The same names as `podbot search`, `index` and `serve`; `--embed-model` and `--embed-url` still work.
    @Option(
        name: [.customLong("embedding-model"), .customLong("embed-model")],
        help: "A GGUF embedding model for deduplication (or, with --embedding-url, the server's model name).")
    var embedModel: String?
    @Option(
        name: [.customLong("embedding-url"), .customLong("embed-url")],
        help: "Base URL of an OpenAI-compatible embedding server.")
    var embedURL: String?
    @Option(help: "Cosine similarity at which a question counts as a duplicate of an earlier one.")
    var similarity: Float = 0.88
    @Flag(help: "Only remove exact repeats (no embedding model).") var noEmbeddings = false

    func validate() throws {
        guard similarity > 0, similarity <= 1 else { throw ValidationError("--similarity must be in (0, 1]") }
    }

    func run() async throws {
        let overrides = enrich.overrides(embeddingModel: embedModel, embeddingURL: embedURL)
        let podbot = Podbot(library: try library.open(), inference: overrides, notice: Terminal.notice)
        let ids = try await enrich.episodeIDs(podbot)
        var settings = enrich.settings(try enrich.configuration(embeddingModel: embedModel, embeddingURL: embedURL))
        settings.duplicateSimilarity = similarity
        let renderer = ProgressRenderer(enrich.json && enrich.progress == .auto ? .none : enrich.progress)
        do {
            let reports = try await podbot.writeQuestions(
                ids, settings: settings, embeddings: !noEmbeddings, progress: renderer.handler
            ) { report in
                guard !enrich.json else { return }
                print("# \(report.title)")
                for question in report.questions { print("- \(question)") }
                print("")
                Terminal.standardError(
                    String(
                        format:
                            "[%d chunks · %d questions kept of %d, %d not answerable from their moment · "
                            + "%d model steps, %d stored · %.1f s]",
                        report.chunks, report.questions.count, report.candidates, report.unanswerable,
                        report.generatedSteps, report.reusedSteps, report.wallSeconds))
            }
            if enrich.json { try Terminal.printJSON(reports) }
        } catch {
            renderer.finishLine()
            throw error
        }
    }
}
