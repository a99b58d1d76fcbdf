import ArgumentParser
import PodbotLibrary

/// `podbot search QUERY`
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search passages across the library (BM25).")

    @OptionGroup var options: LibraryOptions
    @Argument(help: "Words to find; \"quoted words\" match as a phrase.") var query: [String]
    @Option(help: "Only this episode (id or title).") var episode: String?
    @Option(help: "Only passages where this speaker speaks (part of the name, any case).") var speaker: String?
    @Option(help: "Only this show.") var show: String?
    @Option(help: "How many results.") var limit: Int = 10
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let library = try options.openForReading()
        let episodeID = try episode.map(library.resolveEpisode)
        let hits = try library.search(
            SearchQuery(query.joined(separator: " "), episodeID: episodeID, speaker: speaker, show: show, limit: limit))
        if json { return try Terminal.printJSON(hits) }
        if hits.isEmpty { return print("No passage matches.") }
        let bold = Terminal.isTTY
        for (rank, hit) in hits.enumerated() {
            let time = hit.startSeconds.map { " at " + Clock.format($0) } ?? ""
            let speaker = hit.speaker.map { " · " + $0 } ?? ""
            print("\(rank + 1). \(hit.title)\(speaker)\(time)  (score \(String(format: "%.2f", hit.score)))")
            let snippet =
                bold
                ? hit.snippet.replacingOccurrences(of: "«", with: "\u{1B}[1m").replacingOccurrences(of: "»", with: "\u{1B}[0m")
                : hit.snippet
            print("   " + snippet)
            if let url = hit.url { print("   " + url) }
        }
    }
}
