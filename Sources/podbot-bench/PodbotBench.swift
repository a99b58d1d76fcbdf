import ArgumentParser
import PodbotCommandLine

/// `podbot-bench ...`: measurements recorded in BENCHMARKS.md, in a binary of their own so the shipped `podbot`
/// carries none of them. Never run by the tests.
@main
struct PodbotBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podbot-bench",
        abstract: "Measure podbot on this machine (see BENCHMARKS.md for the recorded runs).",
        subcommands: [
            BenchSearchCommand.self, BenchVectorsCommand.self, BenchEngineCommand.self, BenchSummariesCommand.self,
        ])
}
