import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotRetrieval

/// `podbot eval FILE.jsonl`: retrieval quality of bm25, vector and hybrid on questions with evidence phrases, and
/// with `--answers`, the quality of whole answers from the chat model.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score retrieval (hit@k, MRR, multi-episode coverage) and, with --answers, whole answers.",
        discussion: """
            One line: {"question": "...", "kind": "single" | "multi" | "uncovered", "evidence": [{"episode": \
            "ID or title" | "file": "name.txt", "phrase": "words from the passage", "conversation": "optional \
            key"}]}. A passage is relevant when it is in the evidence's episode or file and contains the phrase \
            (letters and digits, any case). Retrieval: hit@1/3/5/10 and MRR on single questions; on multi \
            questions, the share whose top 10 holds evidence from two or more conversations. --answers asks every \
            question with the chat model and reports the answer rate, the share answered with a citation that \
            holds the evidence, the share whose quotes show the evidence's words, the share refused with closest \
            passages whose words show it, and the refusal rate on uncovered questions.
            """)

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The evaluation set (JSON Lines).") var file: String
    @Option(parsing: .upToNextOption, help: "Modes to score.") var modes: [RetrievalMode] = RetrievalMode.allCases
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var reranking: RerankOptions
    @Flag(help: "Also list each question's rank per mode.") var verbose = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Ask every question with the chat model and score the answers (slow: one generation each).")
    var answers = false
    @Option(parsing: .upToNextOption, help: "With --answers: only these kinds (single, multi, uncovered).")
    var kinds: [String] = []
    @Option(help: "With --answers: passages given to the model.") var k = AskPipeline.Request.defaultK
    @Option(help: "With --answers: a GGUF chat model (or, with --chat-url, the server's model name).")
    var chatModel: String?
    @Option(help: "With --answers: base URL of an OpenAI-compatible chat server.") var chatURL: String?
    @Option(
        help: ArgumentHelp(
            "Most of the top k one episode may hold, as a share (0 turns spreading off).", visibility: .hidden))
    var episodeShare = Retriever.Diversity.default.episodeShare
    @Option(
        help: ArgumentHelp("Cosine at which a candidate counts as a repeat of a chosen passage.", visibility: .hidden))
    var duplicateCosine = Retriever.Diversity.default.duplicateCosine

    @Option(help: ArgumentHelp("Experiment: also embed windows of this many words (in memory).", visibility: .hidden))
    var windows: Int?
    @Option(help: ArgumentHelp("Experiment: words between window starts (default half a window).", visibility: .hidden))
    var windowStride: Int?
    @Option(
        help: ArgumentHelp(
            "Experiment: also embed the previous passage's last N words with this one's first window.",
            visibility: .hidden))
    var contextWords: Int?
    @Flag(
        help: ArgumentHelp("Experiment: embed passages with a title/speaker header (in memory).", visibility: .hidden))
    var header = false
    @Option(help: ArgumentHelp("Experiment: weight of the vector ranking in the fusion.", visibility: .hidden))
    var vectorWeight: Double?
    @Option(help: ArgumentHelp("Experiment: the RRF constant.", visibility: .hidden))
    var fusionK: Double?
    @Option(
        help: ArgumentHelp(
            "Experiment: weights of the named episodes' BM25 and vector rankings, as \"1,1\", or \"off\".",
            visibility: .hidden))
    var namedWeights: String?
    @Option(
        help: ArgumentHelp(
            "Experiment: weight of the vector ranking of the question without its people's names (0: off).",
            visibility: .hidden))
    var withoutNamesWeight: Double?
    @Option(
        help: ArgumentHelp(
            "Experiment: passages of each conversation a question names that go first (0: off).", visibility: .hidden))
    var namedLeads: Int?
    @Option(help: ArgumentHelp("Experiment: the leads' topic cosine floor.", visibility: .hidden))
    var namedFloor: Float?
    @Option(help: ArgumentHelp("Experiment: a file holding the ask's system prompt.", visibility: .hidden))
    var instructionsFile: String?
    @Option(help: ArgumentHelp("Experiment: the answers' repeat penalty (1: off).", visibility: .hidden))
    var repeatPenalty: Double?
    @Option(
        help: ArgumentHelp(
            "Experiment: replay the raw answers of an earlier --answers --json report instead of generating; the "
                + "model answers questions whose prompt the report shows has changed.",
            visibility: .hidden))
    var replay: String?
    @Option(
        help: ArgumentHelp(
            "Experiment: weights of the BM25, first and second vector rankings, as W,W,W.", visibility: .hidden))
    var secondWeights: String?
    /// `--second-weights` as numbers.
    private var parsedSecondWeights: [Double]? {
        secondWeights.map { $0.split(separator: ",").compactMap { Double($0) } }
    }
    /// The spreading under evaluation.
    private var spread: Retriever.Diversity? {
        episodeShare > 0 ? Retriever.Diversity(episodeShare: episodeShare, duplicateCosine: duplicateCosine) : nil
    }

    /// The retrieval rules under evaluation.
    private func tuned(_ retriever: Retriever) async throws -> Retriever {
        var retriever = retriever
        if windows != nil || header || contextWords != nil, let embedder = retriever.embedder {
            retriever = Retriever(
                library: retriever.library, embedder: embedder,
                index: try await experimentalIndex(retriever.library, embedder: embedder))
        }
        if let vectorWeight { retriever.fusionWeights = [1, vectorWeight] }
        if let fusionK { retriever.fusionK = fusionK }
        if let withoutNamesWeight { retriever.withoutNamesWeight = withoutNamesWeight }
        if let weights = parsedSecondWeights { retriever.secondFusionWeights = weights }
        if let namedLeads { retriever.namedConversationLeads = namedLeads }
        if let namedFloor { retriever.namedConversationFloor = namedFloor }
        if let namedWeights {
            retriever.namedEpisodeWeights =
                namedWeights == "off" ? [] : namedWeights.split(separator: ",").compactMap { Double($0) }
        }
        return retriever
    }

    func validate() throws {
        guard AskPipeline.Request.kRange.contains(k) else {
            throw ValidationError(
                "--k must be between \(AskPipeline.Request.kRange.lowerBound) and "
                    + "\(AskPipeline.Request.kRange.upperBound)")
        }
        if let secondWeights, parsedSecondWeights?.count != 3 {
            throw ValidationError("--second-weights: \(secondWeights) is not three numbers W,W,W")
        }
        for kind in kinds where EvalSet.Kind(rawValue: kind) == nil {
            throw ValidationError("--kinds: \(kind) is not single, multi or uncovered")
        }
    }

    func run() async throws {
        let set = try EvalSet(path: file)
        let library = try options.openForReading()
        if answers { return try await runAnswers(set, library: library) }
        let needsVectors = modes.contains { $0 != .bm25 }
        let retriever = await RetrieverFactory.make(
            library: library, embedding: embedding, mode: needsVectors ? .hybrid : .bm25)
        let usable = retriever.hasVectors ? modes : modes.filter { $0 == .bm25 }
        if usable.count < modes.count { Terminal.standardError("podbot: scoring bm25 only (no vectors)") }
        var evaluator = RetrievalEvaluator(retriever: try await tuned(retriever), spread: spread)
        evaluator.reranker = try reranking.reranker(threads: embedding.threads)
        let report = try await evaluator.run(
            set, modes: usable, source: URL(fileURLWithPath: file).lastPathComponent)
        if json { return try Terminal.printJSON(report) }
        print(
            "\(report.questions) questions, \(report.passages) passages, mean passage "
                + String(format: "%.1f", report.meanPassageWords) + " words")
        if !report.unmatched.isEmpty {
            print("not scored (no passage holds the evidence): " + report.unmatched.joined(separator: ", "))
        }
        if report.multiQuestions > 0 { print("\(report.multiQuestions) multi-episode questions") }
        print("mode     hit@1  hit@3  hit@5  hit@10  MRR    multi  ms/query")
        for score in report.modes {
            print(
                score.mode.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(
                        format: " %.3f  %.3f  %.3f  %.3f   %.3f  %@  %.1f", score.hitAt1, score.hitAt3, score.hitAt5,
                        score.hitAt10, score.mrr, score.multiCoverage.map { String(format: "%.3f", $0) } ?? "  -  ",
                        score.meanMs))
        }
        if verbose {
            for entry in report.ranks {
                let reached = entry.conversations.map { " conversations " + $0.map(String.init).joined(separator: "/") }
                print(
                    "\(entry.line)\t\(entry.kind.rawValue)\t" + entry.ranks.map(String.init).joined(separator: "\t")
                        + (reached ?? "") + "\t" + entry.question)
            }
        }
    }

    /// Every passage embedded again in memory, with a header, windows and/or boundary windows, for measuring those
    /// ideas.
    private func experimentalIndex(_ library: Library, embedder: any Embedder) async throws -> VectorIndex {
        var ids: [Int64] = []
        var texts: [String] = []
        for episode in try library.episodeSources() {
            let passages = try library.passageTexts(episode: episode.episodeID)
            let hits = try library.passageHits(ids: passages.map(\.id))
            var previous: [Substring] = []
            for hit in hits {
                let words = hit.text.split(separator: " ")
                let prefix = header ? "\(hit.title)\(hit.speaker.map { ". \($0)" } ?? ""): " : ""
                // The whole passage first (the coverage gate and the duplicate check read a passage's first row).
                var rows = [prefix + hit.text]
                if let size = windows, words.count > size {
                    for start in stride(from: 0, to: words.count - size / 2, by: max(1, windowStride ?? size / 2)) {
                        rows.append(prefix + words[start..<min(words.count, start + size)].joined(separator: " "))
                    }
                }
                if let contextWords, !previous.isEmpty {
                    rows.append(
                        (previous.suffix(contextWords) + words.prefix(windows ?? PassageVectors.windowWords)).joined(
                            separator: " "))
                }
                ids += repeatElement(hit.passageID, count: rows.count)
                texts += rows
                previous = words
            }
        }
        // Stable by position within a passage, so its whole-passage row stays first.
        let order = ids.indices.sorted { ids[$0] != ids[$1] ? ids[$0] < ids[$1] : $0 < $1 }
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: order.count, by: 64) {
            let batch = order[start..<min(order.count, start + 64)].map { texts[$0] }
            vectors += try await embedder.embed(passages: batch)
        }
        Terminal.standardError("experiment: \(vectors.count) vectors for \(Set(ids).count) passages")
        let dimension = vectors.first?.count ?? 0
        return VectorIndex(
            matrix: EmbeddingMatrix(ids: order.map { ids[$0] }, dimension: dimension, values: vectors.flatMap { $0 }),
            model: embedder.modelName)
    }

    private func runAnswers(_ set: EvalSet, library: Library) async throws {
        let retriever = try await tuned(
            await RetrieverFactory.make(library: library, embedding: embedding, mode: .hybrid))
        let configuration = try embedding.configuration(chatModel: chatModel, chatURL: chatURL, contextSize: nil)
        let model = try InferenceBackends.textGenerator(configuration)
        let replayed = try replay.map { try ReplayGenerator(report: $0, fallback: model) }
        let generator: any TextGenerator = replayed ?? model
        let pipeline = AskPipeline(retriever: retriever, generator: generator)
        let chosen = kinds.isEmpty ? Set(EvalSet.Kind.allCases) : Set(kinds.compactMap(EvalSet.Kind.init(rawValue:)))
        let quiet = json
        var evaluator = AnswerEvaluator(pipeline: pipeline, k: k, spread: spread)
        evaluator.instructions = try instructionsFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
        evaluator.repeatPenalty = repeatPenalty
        let report = try await evaluator.run(
            set, kinds: chosen, source: URL(fileURLWithPath: file).lastPathComponent
        ) { done, total, row in
            guard !quiet else { return }
            let verdict =
                row.kind == .uncovered
                ? (row.covered ? "ANSWERED (should refuse)" : "refused")
                : (row.citesEvidence
                    ? "answered, cites evidence"
                    : row.covered
                        ? "answered, wrong citation"
                        : "refused" + (row.retrievedEvidence ? " (evidence was retrieved)" : ""))
            Terminal.standardError("[\(done)/\(total)] line \(row.line) \(row.kind.rawValue): \(verdict)")
        }
        if let counts = replayed?.counts {
            Terminal.standardError("replayed \(counts.replayed) answers, generated \(counts.generated)")
        }
        if json { return try Terminal.printJSON(report) }
        if !report.unmatched.isEmpty {
            print("not scored (no passage holds the evidence): " + report.unmatched.joined(separator: ", "))
        }
        print(
            String(
                format: "%d answerable, %d uncovered; answered %.3f, answered citing the evidence %.3f "
                    + "(%.3f with quotes), uncovered refused %.3f", report.answerable, report.uncovered,
                report.answerRate, report.answeredWithEvidence, report.answeredWithQuotedEvidence, report.refusalRate))
        print(
            String(
                format: "answered with a quote that shows the evidence's words %.3f; refused with a closest moment "
                    + "that shows them %.3f", report.answeredShowingEvidence, report.refusedShowingEvidence))
        if let multi = report.multiCited {
            print(String(format: "multi answers citing or quoting 2+ conversations %.3f", multi))
        }
        print(
            "markers inside words: \(report.markersInsideWords); mean first token "
                + (report.meanFirstTokenMs.map { String(format: "%.0f ms", $0) } ?? "-")
                + String(format: ", mean total %.0f ms", report.meanTotalMs))
        if verbose {
            for row in report.rows {
                print("\(row.line)\t\(row.kind.rawValue)\t\(row.covered)\t\(row.citesEvidence)\t\(row.question)")
                print("    " + row.answer.replacingOccurrences(of: "\n", with: " "))
            }
        }
    }
}
