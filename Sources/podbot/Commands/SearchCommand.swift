import ArgumentParser
import PodbotCommandLine
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot search QUERY`
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search passages across the library (hybrid BM25 + vectors by default).",
        discussion: """
            hybrid fuses BM25 and embedding similarity by reciprocal-rank fusion; it needs `podbot index` to have \
            run, and falls back to BM25 (with a notice on stderr) until then. Scores: negated BM25 (bm25), cosine \
            (vector), RRF (hybrid).
            """)

    @OptionGroup var options: LibraryOptions
    @Argument(help: "Words to find; \"quoted words\" match as a phrase.") var query: [String]
    @Option(help: "Only this episode (id or title).") var episode: String?
    @OptionGroup var filters: FilterOptions
    @Option(help: "bm25, vector or hybrid.") var mode: RetrievalMode = .hybrid
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var reranking: RerankOptions
    @Option(help: "How many results (1-100).") var limit: Int = SearchLimits.defaultLimit
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard SearchLimits.range.contains(limit) else {
            throw ValidationError(
                "--limit must be from \(SearchLimits.range.lowerBound) to \(SearchLimits.range.upperBound)")
        }
    }

    func run() async throws {
        let library = try options.openForReading()
        let podbot = Podbot(library: library, inference: embedding.overrides(), notice: Terminal.notice)
        var episodeID: Int64?
        if let episode { episodeID = try await podbot.resolveEpisode(episode) }
        let hits = try await podbot.search(
            query.joined(separator: " "), filter: filters.filter(episodeID: episodeID), mode: mode, limit: limit,
            reranker: try reranking.reranker(threads: embedding.threads))
        if json { return try Terminal.printJSON(hits) }
        if hits.isEmpty { return print("No passage matches.") }
        let bold = Terminal.isTTY
        for (rank, hit) in hits.enumerated() {
            let time = hit.startSeconds.map { " at " + TimeFormat.clock($0) } ?? ""
            let speaker = hit.speaker.map { " · " + $0 } ?? ""
            print("\(rank + 1). \(hit.title)\(speaker)\(time)  (score \(String(format: "%.3f", hit.score)))")
            let snippet =
                bold
                ? hit.snippet.replacingOccurrences(of: "«", with: "\u{1B}[1m").replacingOccurrences(
                    of: "»", with: "\u{1B}[0m")
                : hit.snippet
            print("   " + snippet)
            if let url = hit.url { print("   " + url) }
        }
    }
}
