import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval
import PodbotService

/// `podbot ask QUESTION`: a cited answer from the library, streamed, with its sources beneath.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the library, with [n] citations to the passages used.",
        discussion: """
            Retrieves passages across all episodes (hybrid by default), gives them numbered to the chat model, \
            and streams its answer one checked sentence at a time: a sentence is shown only when the passages it \
            cites hold most of its words (in what was said, not only in a question asked there), most of the \
            words it adds to the question, every name and number in it and, when it takes several words from the \
            question, one of them; a question is not an answer. Words are given only to who says them (the \
            passage's speaker, the turn of a passage two share, or someone in the episode when the transcript names \
            no speakers), and one speaker's words are not shown in an answer about another. Markers must name a \
            given passage and times must be passage times. When no sentence passes, the result is "not covered" and the \
            closest passages are shown instead of an answer.
            """)

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The question.") var question: [String]
    @Option(help: "Only this episode (id or title).") var episode: String?
    @OptionGroup var filters: FilterOptions
    @Option(help: "Passages given to the model.") var k = AskPipeline.Request.defaultK
    @Option(help: "bm25, vector or hybrid.") var mode: RetrievalMode = .hybrid
    @OptionGroup var embedding: EmbeddingOptions
    @Option(help: "A GGUF chat model (or, with --chat-url, the server's model name).") var chatModel: String?
    @Option(help: "Base URL of an OpenAI-compatible chat server.") var chatURL: String?
    @Option(help: "Most tokens in the answer.") var maxTokens = AskPipeline.Request.defaultMaxTokens
    @Option(help: "Context size in tokens for a local chat model.") var contextSize: Int?
    @Flag(help: "Print one JSON object at the end instead of streaming.") var json = false

    func validate() throws {
        guard AskPipeline.Request.kRange.contains(k) else {
            throw ValidationError(
                "--k must be between \(AskPipeline.Request.kRange.lowerBound) and \(AskPipeline.Request.kRange.upperBound)"
            )
        }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
        guard !question.joined().trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("give a question")
        }
    }

    func run() async throws {
        let library = try options.openForReading()
        let podbot = Podbot(
            library: library,
            inference: embedding.overrides(chatModel: chatModel, chatURL: chatURL, contextSize: contextSize),
            notice: Terminal.notice)
        var episodeID: Int64?
        if let episode { episodeID = try await podbot.resolveEpisode(episode) }
        let stream = !json
        let result = try await podbot.ask(
            question.joined(separator: " "), filter: filters.filter(episodeID: episodeID), k: k, mode: mode,
            maxTokens: maxTokens
        ) { piece in
            if stream { FileHandle.standardOutput.write(Data(piece.utf8)) }
        }
        if json { return try Terminal.printJSON(result) }
        render(result, streamed: result.rawAnswer != nil)
    }

    private func render(_ result: AskResult, streamed: Bool) {
        if streamed { print("") }
        if !result.invalidCitations.isEmpty {
            Terminal.standardError(
                "podbot: removed citations to passages that were not given: "
                    + result.invalidCitations.map { "[\($0)]" }.joined(separator: " "))
        }
        if !result.removedTimes.isEmpty {
            Terminal.standardError(
                "podbot: removed times that are not passage times: " + result.removedTimes.joined(separator: ", "))
        }
        if !result.droppedSentences.isEmpty {
            Terminal.standardError(
                "podbot: not shown, unsupported by the passages: \(result.droppedSentences.count) sentence"
                    + (result.droppedSentences.count == 1 ? "" : "s") + " ("
                    + AnswerChecker.Dropped.summary(result.droppedSentences) + ")")
        }
        if result.covered {
            // The streamed text is the checked answer: sentences appear only once they pass.
            if !streamed { print(result.answer) }
            if !result.quotes.isEmpty { print("\nIn their words:") }
            for quote in result.quotes {
                let who = [quote.speaker, quote.startSeconds.map(TimeFormat.clock)].compactMap { $0 }
                print(
                    "  \u{201C}\(quote.text)\u{201D}" + (who.isEmpty ? "" : " (\(who.joined(separator: ", ")))")
                        + " [\(quote.n)]")
            }
            print("\nSources:")
            for source in result.citations + result.quotedOnly { printSource(source) }
        } else {
            if streamed { print("") }
            print(result.answer)
            print("\nClosest passages:")
            for source in result.passages.prefix(AskPipeline.closestShown) {
                printSource(source, words: result.quotes.first { $0.n == source.n })
            }
        }
        let timings = result.timings
        Terminal.standardError(
            "retrieval \(Int(timings.retrievalMs)) ms"
                + (timings.firstTokenMs.map { ", first token \(Int($0)) ms" } ?? "")
                + ", total \(Int(timings.totalMs)) ms")
    }

    /// One source: its title, speaker and time, then its opening; or, given `shown` (its words closest to the
    /// question), those words with their own speaker, time and link.
    private func printSource(_ source: AskResult.Source, words shown: AskResult.Quote? = nil) {
        let time = (shown?.startSeconds ?? source.startSeconds).map { " at " + TimeFormat.clock($0) } ?? ""
        let speaker = (shown?.speaker ?? source.speaker).map { " · " + $0 } ?? ""
        print("[\(source.n)] \(source.title)\(speaker)\(time)")
        let words = source.text.split(separator: " ")
        print("    " + (shown?.text ?? words.prefix(30).joined(separator: " ") + (words.count > 30 ? " …" : "")))
        if let url = shown?.url ?? source.url { print("    " + url) }
    }
}
