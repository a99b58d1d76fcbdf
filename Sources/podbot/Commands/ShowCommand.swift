import ArgumentParser
import PodbotCommandLine
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// `podbot show EPISODE`
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an episode: metadata, summary, chapters, questions and transcript.")

    @OptionGroup var options: LibraryOptions
    @Argument(help: "Episode id, title, or the start of a title.") var episode: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let podbot = Podbot(library: try options.openForReading())
        let detail = try await podbot.episode(try await podbot.resolveEpisode(episode))
        if json { return try Terminal.printJSON(detail) }
        let summary = detail.episode
        print("#\(summary.id)  \(summary.title)")
        let facts = [
            summary.show, summary.published, summary.durationSeconds.map(TimeFormat.clock), "\(summary.words) words",
            summary.speakers.isEmpty ? nil : "speakers: " + summary.speakers.joined(separator: ", "),
        ].compactMap { $0 }
        print(facts.joined(separator: " · "))
        if let url = summary.url { print(url) }
        print("source: \(detail.source.path) (\(detail.source.format))")
        if let text = detail.summary {
            print("\nSummary (\(detail.summaryOrigin?.rawValue ?? "")):\n\(text)")
            if let sentences = detail.summarySentences, !sentences.isEmpty {
                print("\nWhere each sentence comes from:")
                for sentence in sentences {
                    let moment =
                        sentence.startSeconds.map(TimeFormat.clock)
                        ?? "at \(Int((sentence.position * 100).rounded()))%"
                    print("  [\(moment)] \(sentence.text)")
                }
            }
        }
        if !detail.creatorChapters.isEmpty {
            print("\nChapters (the creator's):")
            for chapter in detail.creatorChapters where chapter.toc {
                let at = TimeFormat.clock(chapter.startSeconds)
                print("  \(at.padding(toLength: 8, withPad: " ", startingAt: 0)) \(chapter.title)")
            }
        }
        if !detail.chapters.isEmpty {
            print(detail.creatorChapters.isEmpty ? "\nChapters:" : "\nChapters (generated):")
            for chapter in detail.chapters {
                let at =
                    chapter.startSeconds.map(TimeFormat.clock)
                    ?? chapter.position.map { "\(Int(($0 * 100).rounded()))%" } ?? ""
                print("  \(at.padding(toLength: 8, withPad: " ", startingAt: 0)) \(chapter.title)")
            }
        }
        if !detail.questions.isEmpty {
            print("\nQuestions (\(Set(detail.questions.map(\.origin.rawValue)).sorted().joined(separator: ", "))):")
            for (index, question) in detail.questions.enumerated() { print("  \(index + 1). \(question.text)") }
        }
        print("\nTranscript:")
        var previous: String?
        for line in detail.transcript {
            let tags = line.nonSpeech.joined(separator: " ")
            let text = line.text.isEmpty ? tags : line.text
            guard !text.isEmpty else { continue }
            let time = line.startSeconds.map { "[\(TimeFormat.clock($0))] " } ?? ""
            let speaker = line.speaker.flatMap { $0 == previous ? nil : "\($0): " } ?? ""
            if line.speaker != nil { previous = line.speaker }
            print(time + speaker + text)
        }
    }
}
