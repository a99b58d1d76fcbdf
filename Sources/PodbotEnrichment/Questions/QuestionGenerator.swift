import Foundation
import PodbotInference
import PodbotLibrary
import PodbotRetrieval

/// `podbot questions`: up to 3 listener questions per chunk, each linked to its chunk, answerable from it, and
/// without near-duplicates.
///
/// A question is kept only when it leads back to its own chunk: asked through the library's retrieval within the
/// episode, one of the top ``recallDepth`` passages must lie in the chunk it was written from. A question the
/// episode cannot answer from that moment (too vague, or about something the chunk only touches) is dropped and
/// counted.
///
/// The output is constrained by a GBNF grammar (lines of capitalised questions ending in `?`), so even a tiny model
/// cannot break the format; with an OpenAI-compatible server the grammar goes to llama-server's `grammar` field.
/// Near-duplicates are found by embedding cosine similarity (MiniLM through the ``PodbotInference/Embedder``
/// protocol); without an embedder only exact repeats are removed.
public struct QuestionGenerator: Sendable {
    public var library: Library
    public var generator: any TextGenerator
    public var embedder: (any Embedder)?
    /// Asks each question back; `nil` makes one over `library` and `embedder` per call.
    public var retriever: Retriever?
    public var settings: EnrichmentSettings
    public var progress: EnrichmentProgressHandler?

    /// Most questions kept per chunk.
    public static let perChunk = 3
    /// A question's chunk must hold one of this many passages retrieved for it.
    public static let recallDepth = 3

    public init(
        library: Library, generator: any TextGenerator, embedder: (any Embedder)?, retriever: Retriever? = nil,
        settings: EnrichmentSettings = EnrichmentSettings(), progress: EnrichmentProgressHandler? = nil
    ) {
        self.library = library
        self.generator = generator
        self.embedder = embedder
        self.retriever = retriever
        self.settings = settings
        self.progress = progress
    }

    /// Generates, deduplicates and stores the questions of `episode`.
    /// - Throws: ``EnrichmentError`` naming the episode and chunk when the model fails (finished chunks stay stored).
    public func generate(episode id: Int64) async throws -> QuestionReport {
        let started = ContinuousClock.now
        let (episode, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: generator, settings: settings, purpose: "ask about")
        let prompt = EnrichmentPrompts.questions
        let job = ChunkJob(
            "questions", episode: episode, chunking: settings.chunking.key, prompt: prompt, library: library,
            generator: generator, progress: progress)
        let outcome = try await job.run(
            chunks.map { chunk in
                ChunkJob.Step(
                    index: chunk.index, messages: prompt.messages(MapInput(share: 1).text(of: chunk)),
                    options: settings.options(
                        maxTokens: settings.questionMaxTokens, grammar: EnrichmentPrompts.questionGrammar),
                    clean: {
                        let questions = Self.parse($0)
                        return questions.isEmpty ? nil : questions.joined(separator: "\n")
                    })
            })
        let candidates = chunks.flatMap { chunk in
            (outcome.outputs[chunk.index] ?? "").components(separatedBy: "\n").filter { !$0.isEmpty }
                .map { GeneratedQuestion(text: $0, chunk: chunk.index) }
        }
        let answerable = try await answerable(candidates, episode: id, chunks: chunks)
        let kept = try await deduplicate(answerable)
        var report = QuestionReport(
            episode: id, title: episode.title, model: generator.modelName, chunks: chunks.count,
            candidates: candidates.count, unanswerable: candidates.count - answerable.count,
            questions: kept.map(\.text), generatedSteps: outcome.generated, reusedSteps: outcome.reused,
            allStats: outcome.allStats, runStats: outcome.runStats)
        report.changed = try library.replaceGeneratedQuestions(episode: id, kept)
        report.wallSeconds = (.now - started) / .seconds(1)
        return report
    }

    /// The questions in a model's reply: numbering and bullets removed, only lines ending in `?` with 3+ words,
    /// lead-ins and exact repeats dropped, at most ``perChunk``.
    static func parse(_ text: String) -> [String] {
        var questions: [String] = []
        for rawLine in text.components(separatedBy: "\n") {
            var line = Substring(rawLine.trimmingCharacters(in: .whitespaces))
            while let first = line.first, first.isNumber || "-*•.)".contains(first) || first == " " {
                line = line.dropFirst()
            }
            let question = line.trimmingCharacters(in: .whitespaces)
            guard question.hasSuffix("?"), question.split(separator: " ").count >= 3, !isPreamble(question),
                !questions.contains(where: { $0.caseInsensitiveCompare(question) == .orderedSame })
            else { continue }
            questions.append(question)
            if questions.count == perChunk { break }
        }
        return questions
    }

    /// A model's lead-in forced into question form ("Sure, here are a few questions you might ask…?").
    static func isPreamble(_ question: String) -> Bool {
        let lower = question.lowercased()
        return ["sure", "here are", "here is", "certainly", "of course"].contains { lower.hasPrefix($0) }
            || lower.contains("questions you might ask") || lower.contains(",,")
    }

    /// The questions that lead back to their own chunk: one of the top ``recallDepth`` passages retrieved for the
    /// question within the episode shares a transcript segment with the chunk the question was written from.
    func answerable(_ questions: [GeneratedQuestion], episode id: Int64, chunks: [TranscriptChunk]) async throws
        -> [GeneratedQuestion]
    {
        guard !questions.isEmpty else { return [] }
        let retriever = try self.retriever ?? Retriever(library: library, embedder: embedder)
        let passages = try library.passages(episode: id)
        let spans = Dictionary(
            passages.compactMap { passage in passage.id.map { ($0, passage.firstSegment...passage.lastSegment) } },
            uniquingKeysWith: { first, _ in first })
        let chunkSpans = Dictionary(
            chunks.map { ($0.index, $0.firstSegment...$0.lastSegment) }, uniquingKeysWith: { first, _ in first })
        var kept: [GeneratedQuestion] = []
        for question in questions {
            try Task.checkCancellation()
            guard let chunk = chunkSpans[question.chunk] else { continue }
            let found = try await retriever.retrieve(
                question.text, filter: PassageFilter(episodeID: id), k: Self.recallDepth)
            if found.passages.contains(where: { spans[$0.hit.passageID]?.overlaps(chunk) == true }) {
                kept.append(question)
            }
        }
        return kept
    }

    /// Keeps the first of each group of near-duplicates (same normalised text, or cosine ≥ the threshold).
    func deduplicate(_ questions: [GeneratedQuestion]) async throws -> [GeneratedQuestion] {
        var seen = Set<String>()
        let distinct = questions.filter { seen.insert(Self.normalized($0.text)).inserted }
        guard let embedder, distinct.count > 1 else { return distinct }
        let vectors = try await embedder.embed(distinct.map(\.text))
        var kept: [Int] = []
        for i in distinct.indices
        where !kept.contains(where: { VectorMath.cosine(vectors[$0], vectors[i]) >= settings.duplicateSimilarity }) {
            kept.append(i)
        }
        return kept.map { distinct[$0] }
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }
}

/// What `questions` did for one episode.
public struct QuestionReport: Sendable, Codable {
    public var episode: Int64
    public var title: String
    public var model: String
    public var chunks: Int
    /// Questions the model wrote; those dropped because their own chunk did not come up when they were asked
    /// back; and those kept (answerable and not near-duplicates).
    public var candidates: Int
    public var unanswerable: Int
    public var questions: [String]
    public var generatedSteps: Int
    public var reusedSteps: Int
    public var allStats: StepStats
    public var runStats: StepStats
    public var changed = false
    public var wallSeconds = 0.0

    enum CodingKeys: String, CodingKey {
        case episode, title, model, chunks, candidates, unanswerable, questions, changed
        case generatedSteps = "generated_steps"
        case reusedSteps = "reused_steps"
        case allStats = "all_stats"
        case runStats = "run_stats"
        case wallSeconds = "wall_seconds"
    }
}
