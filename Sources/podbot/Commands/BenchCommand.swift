import ArgumentParser

/// `podbot bench ...`: measurements recorded in BENCHMARKS.md. Never run by the tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure podbot on this machine (see BENCHMARKS.md for the recorded runs).",
        subcommands: [
            BenchSearchCommand.self, BenchVectorsCommand.self, BenchEngineCommand.self, BenchSummariesCommand.self,
        ])
}
