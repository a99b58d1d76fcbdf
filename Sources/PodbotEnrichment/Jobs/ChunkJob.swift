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

    func run(_ steps: [Step]) async throws -> Outcome {
        let stored = try library.chunkOutputs(key)
        var outcome = Outcome()
        var modelSeconds = 0.0
        for (position, step) in steps.enumerated() {
            if let hit = stored[step.index] {
                outcome.outputs[step.index] = hit.output
                outcome.allStats += Self.decode(hit.details)
                outcome.reused += 1
            } else {
                let started = ContinuousClock.now
                let (text, stats) = try await generate(step, of: steps.count, finished: outcome.outputs.count)
                modelSeconds += (.now - started) / .seconds(1)
                try library.storeChunkOutput(key, index: step.index, output: text, details: Self.encode(stats))
                outcome.outputs[step.index] = text
                outcome.allStats += stats
                outcome.runStats += stats
                outcome.generated += 1
            }
            if let progress {
                let remaining = steps.count - position - 1
                let mean = outcome.generated > 0 ? modelSeconds / Double(outcome.generated) : nil
                let tokens = outcome.runStats.promptTokens + outcome.runStats.generatedTokens
                progress(
                    EnrichmentProgress(
                        episode: key.episodeID, task: key.task, step: position + 1, total: steps.count,
                        reused: stored[step.index] != nil,
                        tokensPerSecond: modelSeconds > 0 ? Double(tokens) / modelSeconds : nil,
                        etaSeconds: mean.map { $0 * Double(remaining) }))
            }
        }
        return outcome
    }

    /// Generates one step, retrying degenerate output with stronger penalties.
    private func generate(_ step: Step, of total: Int, finished: Int) async throws -> (String, StepStats) {
        var stats = StepStats()
        var problems: [String] = []
        for attempt in 0..<3 {
            var options = step.options
            if attempt >= 1 { options.repeatPenalty = max(options.repeatPenalty, 1.3) }
            if attempt == 2 {
                options.repeatPenalty = max(options.repeatPenalty, 1.5)
                options.temperature = max(options.temperature, 0.6)
                options.seed &+= 1
            }
            let text: String
            let final: GenerationStats?
            do {
                (text, final) = try await generator.chat(step.messages, options: options).collect()
                // A cancelled consumer sees the stream end early: never store that partial text.
                try Task.checkCancellation()
            } catch let error as CancellationError {
                throw error
            } catch {
                throw EnrichmentError(
                    "\(episodeName): \(key.task) step \(step.index + 1)/\(total) failed with \(generator.modelName): "
                        + "\(error); \(finished) finished steps are stored, rerun to resume")
            }
            stats += StepStats(final)
            let problem = DegenerationCheck.problem(in: text) ?? (step.clean(text) == nil ? "no usable output" : nil)
            if let problem {
                problems.append(problem)
                continue
            }
            return (step.clean(text)!, stats)
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
