import ArgumentParser
import PodbotCommandLine
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot list`
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the episodes in the library.")

    @OptionGroup var options: LibraryOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let episodes = try await Podbot(library: options.openForReading()).episodes()
        if json { return try Terminal.printJSON(episodes) }
        if episodes.isEmpty { return print("The library is empty. Add transcripts with `podbot import FILE...`.") }
        for episode in episodes {
            let facts = [
                episode.show, episode.published, episode.durationSeconds.map(TimeFormat.clock),
                "\(episode.words) words", episode.hasTimestamps ? "timed" : nil,
            ].compactMap { $0 }
            print(String(format: "%4lld  ", episode.id) + episode.title)
            print("      " + facts.joined(separator: " · "))
        }
    }
}
