import Foundation
import PodbotInference
import PodbotLibrary

/// `podbot summarize`: a map-reduce summary of an episode, and its chapters, made with a local or remote model.
///
/// Map: each chunk to a few sentences. Reduce: the partial summaries, in order, to two paragraphs; when they do not
/// fit the context together they are first collapsed in groups, recursively. Every sentence is grounded
/// (``SummaryGrounding``): kept only when its source chunk supports it, made once more with a stricter prompt
/// otherwise, and stored with its chunk and moment. Every model output is stored as soon as
/// it is made (see ``Library/storeChunkOutput(_:index:output:details:)``), so a rerun redoes nothing finished.
public struct Summarizer: Sendable {
    public var library: Library
    public var generator: any TextGenerator
    /// Finds the topic changes chapters start at; without one the passages' words are compared.
    public var embedder: (any Embedder)?
    public var settings: EnrichmentSettings
    public var progress: EnrichmentProgressHandler?

    /// Sentences of a summary made of map sentences (when the reduce step's does not hold up).
    static let spreadSentences = 8

    public init(
        library: Library, generator: any TextGenerator, embedder: (any Embedder)? = nil,
        settings: EnrichmentSettings = EnrichmentSettings(), progress: EnrichmentProgressHandler? = nil
    ) {
        self.library = library
        self.generator = generator
        self.embedder = embedder
        self.settings = settings
        self.progress = progress
    }

    /// Summarises `episode` (and makes its chapters unless `settings.chapters` is off) and stores the results.
    /// - Throws: ``EnrichmentError`` naming the episode and step when the model fails or keeps producing degenerate
    ///   output (finished steps stay stored), `LibraryError` for storage problems.
    public func summarize(episode id: Int64) async throws -> SummaryReport {
        let started = ContinuousClock.now
        let (episode, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: generator, settings: settings, purpose: "summarize")
        let generator = self.generator
        let chunkingKey = settings.chunking.key
        var report = SummaryReport(episode: id, title: episode.title, model: generator.modelName, chunks: chunks.count)

        let names = [episode.title] + Array(Set(chunks.flatMap(\.speakers))).sorted()
        let grounding = SummaryGrounding(chunks: chunks, names: names)
        let grounded = try await map(episode, chunks, grounding: grounding, report: &report)
        report.mapDropped = grounded.map(\.dropped.count).reduce(0, +)

        var reduced = SummaryGrounding.Outcome()
        if settings.reduce {
            reduced = try await reduce(episode, grounded, chunks, grounding: grounding, report: &report)
        }
        var sentences = reduced.kept
        if sentences.count < 2 || !SummaryGrounding.coversEpisode(sentences, chunks: chunks.count) {
            // No reduce, too little of it held up, or it tells only part of the episode: the supported map
            // sentences, spread over the episode, instead.
            sentences = SummaryGrounding.spread(grounded, limit: Self.spreadSentences)
            report.spreadFromMap = true
        }
        let summary = SummaryGrounding.paragraphs(sentences)

        var chapters: [GeneratedChapter] = []
        if settings.chapters {
            chapters = try await makeChapters(episode, chunking: chunkingKey, report: &report)
        }

        let details = SummaryDetails(
            model: generator.modelName,
            prompts: [
                EnrichmentPrompts.summaryMap.version, EnrichmentPrompts.summaryMapRetry.version,
                "map.input.v\(MapInput.version)" + String(format: ",share=%.2f", settings.mapInputShare),
            ]
                + (settings.reduce
                    ? [
                        EnrichmentPrompts.summaryCollapse.version, EnrichmentPrompts.summaryReduce.version,
                        EnrichmentPrompts.summaryReduceStrict.version,
                    ] : []) + [SummaryGrounding.version],
            chunking: settings.chunking, chunks: chunks.count, chunkTokens: chunks.map(\.tokenCount),
            collapseLevels: report.collapseLevels, stats: report.allStats, sentences: sentences,
            droppedSentences: reduced.dropped, mapDropped: report.mapDropped, regenerated: report.regenerated)
        // A summary of which nothing held up is not stored: an empty one would hide the imported or earlier one.
        if !sentences.isEmpty {
            report.summaryChanged = try library.replaceGeneratedSummary(
                episode: id, text: summary, model: generator.modelName, details: details.json)
        }
        if settings.chapters { report.chaptersChanged = try library.replaceChapters(episode: id, chapters) }
        report.summary = summary
        report.sentences = sentences
        report.paragraphs = summary.components(separatedBy: "\n\n").count
        report.chapters = chapters.count
        report.wallSeconds = (.now - started) / .seconds(1)
        return report
    }

    /// The map step of every chunk, in groups of the model's parallelism, each grounded against its own chunk as
    /// soon as it is made. A chunk with an unsupported sentence is asked once more at once, as the next turn of the
    /// same conversation (the engine still holds the chunk's evaluated prompt), and the better attempt's supported
    /// sentences stay.
    private func map(
        _ episode: EpisodeText, _ chunks: [TranscriptChunk], grounding: SummaryGrounding,
        report: inout SummaryReport
    ) async throws -> [SummaryGrounding.Outcome] {
        let input = MapInput(share: settings.mapInputShare)
        let key = input.key(chunking: settings.chunking.key)
        let width = max(1, generator.parallelism)
        var grounded: [SummaryGrounding.Outcome] = []
        for start in stride(from: 0, to: chunks.count, by: width) {
            let positions = Array(start..<min(chunks.count, start + width))
            // Each chunk's input, selected once for its map step and its retry.
            let inputs = positions.map { input.text(of: chunks[$0]) }
            let map = try await job(episode, task: "summary.map", chunking: key, prompt: EnrichmentPrompts.summaryMap)
                .run(
                    positions.indices.map {
                        step(
                            chunks[positions[$0]].index, EnrichmentPrompts.summaryMap, inputs[$0],
                            maxTokens: settings.mapMaxTokens, clean: Self.cleanSummary)
                    }, numbering: (start, chunks.count))
            report.add(map)
            var outcomes = positions.map { grounding.ground(map.outputs[chunks[$0].index]!, chunk: $0) }
            let failed = outcomes.indices.filter { !outcomes[$0].dropped.isEmpty }
            if !failed.isEmpty {
                // Keyed by the check too: the correction names the sentences it dropped.
                let retry = try await job(
                    episode, task: "summary.map.retry", chunking: key + ";" + SummaryGrounding.version,
                    prompt: EnrichmentPrompts.summaryMapRetry
                ).run(
                    failed.map { offset in
                        let chunk = chunks[positions[offset]]
                        return ChunkJob.Step(
                            index: chunk.index,
                            messages: EnrichmentPrompts.retryMessages(
                                EnrichmentPrompts.summaryMap, retry: EnrichmentPrompts.summaryMapRetry,
                                input: inputs[offset], answer: map.outputs[chunk.index]!,
                                unsupported: outcomes[offset].dropped),
                            options: settings.options(maxTokens: settings.mapMaxTokens), clean: Self.cleanSummary)
                    }, numbering: (report.regenerated, report.regenerated + failed.count))
                report.add(retry)
                report.regenerated += failed.count
                for offset in failed {
                    let chunk = chunks[positions[offset]]
                    outcomes[offset] = SummaryGrounding.better(
                        outcomes[offset], grounding.ground(retry.outputs[chunk.index]!, chunk: positions[offset]))
                }
            }
            grounded += outcomes
        }
        return grounded
    }

    /// The reduce step (``EnrichmentSettings/reduce``): the grounded map sentences, collapsed in groups until they
    /// fit one call, combined into two paragraphs; each sentence grounded against the chunk that supports it best,
    /// once more with a stricter prompt when one is unsupported. The better attempt's sentences.
    private func reduce(
        _ episode: EpisodeText, _ grounded: [SummaryGrounding.Outcome], _ chunks: [TranscriptChunk],
        grounding: SummaryGrounding, report: inout SummaryReport
    ) async throws -> SummaryGrounding.Outcome {
        let chunkingKey = settings.chunking.key
        var partials = grounded.filter { !$0.kept.isEmpty }.map { $0.kept.map(\.text).joined(separator: " ") }
        guard !partials.isEmpty else { return SummaryGrounding.Outcome() }

        // Collapse until the partial summaries fit one reduce call, then reduce.
        let budget = settings.contextTokens - settings.reduceMaxTokens - 300
        while partials.count > 1, try await generator.countTokens(Self.numbered(partials)) > budget {
            let groups = try await group(partials, budget: budget)
            let inputs = groups.map(Self.numbered)
            let collapse = try await job(
                episode, task: "summary.collapse",
                chunking: chunkingKey + ";in=" + stableHash(inputs.joined(separator: "\u{1}")),
                prompt: EnrichmentPrompts.summaryCollapse
            ).run(
                inputs.enumerated().map { index, input in
                    step(
                        index, EnrichmentPrompts.summaryCollapse, input, maxTokens: settings.mapMaxTokens,
                        clean: Self.cleanSummary)
                })
            report.add(collapse)
            partials = inputs.indices.map { collapse.outputs[$0]! }
            report.collapseLevels += 1
        }
        let input = Self.numbered(partials)
        let reduce = try await job(
            episode, task: "summary.reduce", chunking: chunkingKey + ";in=" + stableHash(input),
            prompt: EnrichmentPrompts.summaryReduce
        ).run([
            step(
                0, EnrichmentPrompts.summaryReduce, input, maxTokens: settings.reduceMaxTokens, clean: Self.cleanSummary
            )
        ])
        report.add(reduce)
        var reduced = grounding.ground(Paragraphs.atLeastTwo(reduce.outputs[0]!))
        if !reduced.dropped.isEmpty {
            let retry = try await job(
                episode, task: "summary.reduce.strict", chunking: chunkingKey + ";in=" + stableHash(input),
                prompt: EnrichmentPrompts.summaryReduceStrict
            ).run([
                step(
                    0, EnrichmentPrompts.summaryReduceStrict, input, maxTokens: settings.reduceMaxTokens,
                    clean: Self.cleanSummary)
            ])
            report.add(retry)
            report.regenerated += 1
            reduced = SummaryGrounding.better(reduced, grounding.ground(Paragraphs.atLeastTwo(retry.outputs[0]!)))
        }
        report.dropped = reduced.dropped.count
        return reduced
    }

    /// Chapters at the episode's topic changes, each titled from its central passages; a title that is not a short
    /// topic phrase of the section's words is asked for once more with a stricter prompt, then its section joins
    /// the chapter before.
    private func makeChapters(_ episode: EpisodeText, chunking: String, report: inout SummaryReport) async throws
        -> [GeneratedChapter]
    {
        let passages = try library.passages(episode: episode.id)
        let vectors = try await embedder?.embed(passages.map(\.text))
        let sections = ChapterBuilder.sections(passages: passages, vectors: vectors)
        let inputs = sections.map(\.input)
        let key =
            chunking + ";sections=\(sections.count);topics=" + (embedder?.modelName ?? "words") + ";in="
            + stableHash(inputs.joined(separator: "\u{1}"))
        let first = try await job(
            episode, task: "chapters.title", chunking: key, prompt: EnrichmentPrompts.chapterTitle
        )
        .run(
            inputs.enumerated().map { index, input in
                step(
                    index, EnrichmentPrompts.chapterTitle, input, maxTokens: settings.titleMaxTokens,
                    grammar: EnrichmentPrompts.titleGrammar, clean: ChapterBuilder.cleanTitle)
            })
        report.add(first)
        var titles = first.outputs.mapValues(ChapterBuilder.shortened).filter {
            ChapterBuilder.problem(title: $0.value, section: sections[$0.key].text) == nil
        }
        let failed = sections.indices.filter { titles[$0] == nil }
        if !failed.isEmpty {
            let retry = try await job(
                episode, task: "chapters.title.strict", chunking: key, prompt: EnrichmentPrompts.chapterTitleStrict
            ).run(
                failed.map { index in
                    step(
                        index, EnrichmentPrompts.chapterTitleStrict, inputs[index], maxTokens: settings.titleMaxTokens,
                        grammar: EnrichmentPrompts.strictTitleGrammar, clean: ChapterBuilder.cleanTitle)
                })
            report.add(retry)
            report.titlesRegenerated = failed.count
            for index in failed {
                if let title = retry.outputs[index].map(ChapterBuilder.shortened),
                    ChapterBuilder.problem(title: title, section: sections[index].text) == nil
                {
                    titles[index] = title
                }
            }
        }
        report.sections = sections.count
        report.titlesDropped = sections.count - titles.count
        return ChapterBuilder.chapters(episode: episode, sections: sections, titles: titles)
    }

    private func job(_ episode: EpisodeText, task: String, chunking: String, prompt: EnrichmentPrompt) -> ChunkJob {
        ChunkJob(
            task, episode: episode, chunking: chunking, prompt: prompt, library: library, generator: generator,
            progress: progress)
    }

    private func step(
        _ index: Int, _ prompt: EnrichmentPrompt, _ input: String, maxTokens: Int, grammar: String? = nil,
        clean: @escaping @Sendable (String) -> String?
    ) -> ChunkJob.Step {
        ChunkJob.Step(
            index: index, messages: prompt.messages(input),
            options: settings.options(maxTokens: maxTokens, grammar: grammar), clean: clean)
    }

    /// Consecutive groups of partial summaries, each fitting `budget` tokens and (when possible) of two or more.
    private func group(_ partials: [String], budget: Int) async throws -> [[String]] {
        var groups: [[String]] = []
        var current: [String] = []
        for partial in partials {
            if current.count >= 2, try await generator.countTokens(Self.numbered(current + [partial])) > budget {
                groups.append(current)
                current = []
            }
            current.append(partial)
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    static func numbered(_ partials: [String]) -> String {
        partials.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n\n")
    }

    /// Trims, drops headings and labels a model adds ("Summary:", "## …"), keeps paragraphs.
    @Sendable static func cleanSummary(_ text: String) -> String? {
        var lines = text.replacingOccurrences(of: "\r", with: "").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        lines = lines.filter { !$0.hasPrefix("#") && $0.lowercased() != "summary:" && !$0.hasPrefix("---") }
        var cleaned = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        for label in ["Summary:", "**Summary:**", "**Summary**"] where cleaned.hasPrefix(label) {
            cleaned = String(cleaned.dropFirst(label.count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        while cleaned.contains("\n\n\n") { cleaned = cleaned.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        cleaned = withoutUnfinishedSentence(cleaned)
        return cleaned.split(whereSeparator: \.isWhitespace).count >= 3 ? cleaned : nil
    }

    /// `text` without a last sentence the token limit cut off (no closing punctuation), when earlier ones remain.
    static func withoutUnfinishedSentence(_ text: String) -> String {
        let closing: Set<Character> = [".", "!", "?", "\"", "”", "’", ")", "…"]
        guard let last = text.last, !closing.contains(last),
            let end = text.lastIndex(where: { ".!?".contains($0) })
        else { return text }
        let kept = text[...end].trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.split(whereSeparator: \.isWhitespace).count >= 3 ? kept : text
    }
}

/// What `summarize` did for one episode.
public struct SummaryReport: Sendable, Codable {
    public var episode: Int64
    public var title: String
    public var model: String
    public var chunks: Int
    public var summary = ""
    public var paragraphs = 0
    public var chapters = 0
    /// Model steps made in this run, and reused from the store.
    public var generatedSteps = 0
    public var reusedSteps = 0
    public var collapseLevels = 0
    /// The summary's sentences with their sources.
    public var sentences: [SummarySentence] = []
    /// Unsupported sentences of the final reduce attempt, and of the chosen map attempts, that were left out.
    public var dropped = 0
    public var mapDropped = 0
    /// Map and reduce steps made again with the stricter prompt because a sentence was unsupported.
    public var regenerated = 0
    /// True when the summary is map sentences spread over the episode, because the reduce step's sentences did not
    /// hold up or covered only part of it.
    public var spreadFromMap = false
    /// Topic sections found for chapters; titles asked for again because the first was not a short topic phrase
    /// of the section's words; and sections left without a title, which joined the chapter before.
    public var sections = 0
    public var titlesRegenerated = 0
    public var titlesDropped = 0
    public var summaryChanged = false
    public var chaptersChanged = false
    /// Every step's stats (stored ones included), and this run's model calls only.
    public var allStats = StepStats()
    public var runStats = StepStats()
    public var wallSeconds = 0.0

    init(episode: Int64, title: String, model: String, chunks: Int) {
        self.episode = episode
        self.title = title
        self.model = model
        self.chunks = chunks
    }

    mutating func add(_ outcome: ChunkJob.Outcome) {
        generatedSteps += outcome.generated
        reusedSteps += outcome.reused
        allStats += outcome.allStats
        runStats += outcome.runStats
    }

    enum CodingKeys: String, CodingKey {
        case episode, title, model, chunks, summary, paragraphs, chapters
        case generatedSteps = "generated_steps"
        case reusedSteps = "reused_steps"
        case collapseLevels = "collapse_levels"
        case sentences, dropped, regenerated, sections
        case mapDropped = "map_dropped"
        case titlesRegenerated = "titles_regenerated"
        case titlesDropped = "titles_dropped"
        case spreadFromMap = "spread_from_map"
        case summaryChanged = "summary_changed"
        case chaptersChanged = "chapters_changed"
        case allStats = "all_stats"
        case runStats = "run_stats"
        case wallSeconds = "wall_seconds"
    }
}

/// The `summary.details` JSON.
struct SummaryDetails: Codable {
    var model: String
    var prompts: [String]
    var chunking: ChunkingParameters
    var chunks: Int
    var chunkTokens: [Int]
    var collapseLevels: Int
    var stats: StepStats
    /// The summary's sentences with their sources (``SummarySentence/stored(in:)`` reads them back).
    var sentences: [SummarySentence]
    /// Sentences of the final reduce attempt that no chunk supports, left out.
    var droppedSentences: [String]
    /// Unsupported map sentences left out, and steps made again with the stricter prompt.
    var mapDropped: Int
    var regenerated: Int

    enum CodingKeys: String, CodingKey {
        case model, prompts, chunking, chunks, stats, sentences, regenerated
        case chunkTokens = "chunk_tokens"
        case collapseLevels = "collapse_levels"
        case droppedSentences = "dropped_sentences"
        case mapDropped = "map_dropped"
    }

    var json: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }
}
