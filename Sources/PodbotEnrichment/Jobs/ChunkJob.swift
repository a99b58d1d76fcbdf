import Foundation
import PodbotInference
import PodbotLibrary

/// Runs one task's model calls over an episode's chunks, storing each output as soon as it is made (one transaction
/// per chunk), so a killed run keeps its finished chunks and a rerun does only the rest.
///
/// Degenerate output (empty, looping) is retried with stronger repeat penalties and, last, some temperature; if it
/// stays degenerate the job fails with an error naming the chunk, and nothing degenerate is stored.
struct ChunkJob: Sendable {
    /// One model call to make (or reuse).
    struct Step: Sendable {
        var index: Int
        var messages: [ChatMessage]
        var options: GenerationOptions
        /// Cleans the model's text; `nil` means unusable (retried like degenerate output).
        var clean: @Sendable (String) -> String?
    }

    /// What a job returns: outputs by step index, and what it cost.
    struct Outcome: Sendable {
        var outputs: [Int: String] = [:]
        /// Stats of every step's output, stored ones included (deterministic across reruns).
        var allStats = StepStats()
        /// Stats of the model calls made in this run.
        var runStats = StepStats()
        var generated = 0
        var reused = 0
    }

    var library: Library
    var generator: any TextGenerator
    var key: ChunkJobKey
    /// The episode's name in error messages.
    var episodeName: String
    var progress: EnrichmentProgressHandler?

    /// The job of `task` over `episode`, keyed by everything its outputs depend on.
    init(
        _ task: String, episode: EpisodeText, chunking: String, prompt: EnrichmentPrompt, library: Library,
        generator: any TextGenerator, progress: EnrichmentProgressHandler?
    ) {
        self.library = library
        self.generator = generator
        key = ChunkJobKey(
            episodeID: episode.id, task: task, chunking: chunking, model: generator.modelName,
            promptVersion: prompt.version)
        episodeName = episode.name
        self.progress = progress
    }

    /// Makes (or reuses) every step's output. Steps not stored yet go to the model in groups of its
    /// ``PodbotInference/TextGenerator/parallelism``, decoded together; each output is stored as soon as its group
    /// is done, and a degenerate one is made again on its own.
    /// - Parameter numbering: when the task's steps are run a few at a time, the steps done before these and the
    ///   task's total, for progress.
    func run(_ steps: [Step], numbering: (done: Int, total: Int)? = nil) async throws -> Outcome {
        let stored = try library.chunkOutputs(key)
        var outcome = Outcome()
        var modelSeconds = 0.0
        var done = numbering?.done ?? 0
        let total = numbering?.total ?? steps.count
        func report(_ step: Step, reused: Bool) {
            done += 1
            guard let progress else { return }
            let remaining = total - done
            let mean = outcome.generated > 0 ? modelSeconds / Double(outcome.generated) : nil
            let tokens = outcome.runStats.promptTokens + outcome.runStats.generatedTokens
            progress(
                EnrichmentProgress(
                    episode: key.episodeID, task: key.task, step: done, total: total, reused: reused,
                    tokensPerSecond: modelSeconds > 0 ? Double(tokens) / modelSeconds : nil,
                    etaSeconds: mean.map { $0 * Double(remaining) }))
        }
        for step in steps {
            guard let hit = stored[step.index] else { continue }
            outcome.outputs[step.index] = hit.output
            outcome.allStats += Self.decode(hit.details)
            outcome.reused += 1
            report(step, reused: true)
        }
        let pending = steps.filter { stored[$0.index] == nil }
        let width = max(1, generator.parallelism)
        for start in stride(from: 0, to: pending.count, by: width) {
            let group = Array(pending[start..<min(pending.count, start + width)])
            let started = ContinuousClock.now
            let first = try await firstAttempts(group, of: total, finished: outcome.outputs.count)
            for (step, reply) in zip(group, first) {
                let (text, stats) = try await generate(
                    step, first: reply, of: total, finished: outcome.outputs.count)
                try library.storeChunkOutput(key, index: step.index, output: text, details: Self.encode(stats))
                outcome.outputs[step.index] = text
                outcome.allStats += stats
                outcome.runStats += stats
                outcome.generated += 1
                if step.index == group.last?.index { modelSeconds += (.now - started) / .seconds(1) }
                report(step, reused: false)
            }
        }
        return outcome
    }

    /// The first attempt at each step of `group`, made together.
    private func firstAttempts(_ group: [Step], of total: Int, finished: Int) async throws -> [GenerationReply] {
        do {
            let replies = try await generator.chatAll(group.map(\.messages), options: group.map(\.options))
            // A cancelled consumer may see a generation end early: never store that partial text.
            try Task.checkCancellation()
            return replies
        } catch let error as CancellationError {
            throw error
        } catch {
            let first = group[0].index + 1
            let last = group[group.count - 1].index + 1
            let steps = first == last ? "step \(first)" : "steps \(first)-\(last)"
            throw EnrichmentError(
                "\(episodeName): \(key.task) \(steps)/\(total) "
                    + "failed with \(generator.modelName): \(error); \(finished) finished steps are stored, rerun to "
                    + "resume")
        }
    }

    /// One step's output: `first` when it is usable, else attempts with stronger penalties.
    private func generate(_ step: Step, first: GenerationReply, of total: Int, finished: Int) async throws
        -> (String, StepStats)
    {
        var stats = StepStats(first.stats)
        var problems: [String] = []
        var reply = first
        for attempt in 0..<3 {
            if attempt > 0 {
                var options = step.options
                options.repeatPenalty = max(options.repeatPenalty, 1.3)
                if attempt == 2 {
                    options.repeatPenalty = max(options.repeatPenalty, 1.5)
                    options.temperature = max(options.temperature, 0.6)
                    options.seed &+= 1
                }
                do {
                    let (text, final) = try await generator.chat(step.messages, options: options).collect()
                    // A cancelled consumer sees the stream end early: never store that partial text.
                    try Task.checkCancellation()
                    reply = GenerationReply(text: text, stats: final)
                } catch let error as CancellationError {
                    throw error
                } catch {
                    throw EnrichmentError(
                        "\(episodeName): \(key.task) step \(step.index + 1)/\(total) failed with "
                            + "\(generator.modelName): \(error); \(finished) finished steps are stored, rerun to resume"
                    )
                }
                stats += StepStats(reply.stats)
            }
            let problem =
                DegenerationCheck.problem(in: reply.text) ?? (step.clean(reply.text) == nil ? "no usable output" : nil)
            if let problem {
                problems.append(problem)
                continue
            }
            return (step.clean(reply.text)!, stats)
        }
        throw EnrichmentError(
            "\(episodeName): \(key.task) step \(step.index + 1)/\(total): \(generator.modelName) produced unusable "
                + "output 3 times (\(problems.joined(separator: "; "))); nothing was stored for it. Try another "
                + "model (--model) or a smaller --chunk-tokens; \(finished) finished steps are stored")
    }

    static func encode(_ stats: StepStats) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(stats)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode(_ details: String?) -> StepStats {
        guard let data = details?.data(using: .utf8) else { return StepStats() }
        return (try? JSONDecoder().decode(StepStats.self, from: data)) ?? StepStats()
    }
}

/// A stable 64-bit FNV-1a hash, in hex: keys stored outputs of steps whose input is made from other outputs.
func stableHash(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
}
