import ArgumentParser
import Foundation
import PodbotLibrary
import PodbotRetrieval

/// `podbot eval FILE.jsonl`: retrieval quality of bm25, vector and hybrid on questions with evidence phrases.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score retrieval (hit@1/3/5/10, MRR) on a JSONL file of questions with evidence phrases.",
        discussion: """
            One line: {"question": "...", "evidence": [{"episode": "ID or title" | "file": "name.txt", \
            "phrase": "words from the passage"}]}. A passage is relevant when it is in the evidence's episode or \
            file and contains the phrase (letters and digits, any case).
            """)

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The evaluation set (JSON Lines).") var file: String
    @Option(parsing: .upToNextOption, help: "Modes to score.") var modes: [RetrievalMode] = RetrievalMode.allCases
    @OptionGroup var embedding: EmbeddingOptions
    @Flag(help: "Also list each question's rank per mode.") var verbose = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let set = try EvalSet(path: file)
        let library = try options.openForReading()
        let needsVectors = modes.contains { $0 != .bm25 }
        let retriever = RetrieverFactory.make(
            library: library, embedding: embedding, mode: needsVectors ? .hybrid : .bm25)
        let usable = retriever.hasVectors ? modes : modes.filter { $0 == .bm25 }
        if usable.count < modes.count { Terminal.standardError("podbot: scoring bm25 only (no vectors)") }
        let report = try await RetrievalEvaluator(retriever: retriever).run(
            set, modes: usable, source: URL(fileURLWithPath: file).lastPathComponent)
        if json { return try Terminal.printJSON(report) }
        print(
            "\(report.questions) questions, \(report.passages) passages, mean passage "
                + String(format: "%.1f", report.meanPassageWords) + " words")
        if !report.unmatched.isEmpty {
            print("not scored (no passage holds the evidence): " + report.unmatched.joined(separator: ", "))
        }
        print("mode     hit@1  hit@3  hit@5  hit@10  MRR    ms/query")
        for score in report.modes {
            print(
                score.mode.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(
                        format: " %.3f  %.3f  %.3f  %.3f   %.3f  %.1f", score.hitAt1, score.hitAt3, score.hitAt5,
                        score.hitAt10, score.mrr, score.meanMs))
        }
        if verbose {
            for entry in report.ranks {
                print("\(entry.line)\t" + entry.ranks.map(String.init).joined(separator: "\t") + "\t" + entry.question)
            }
        }
    }
}
