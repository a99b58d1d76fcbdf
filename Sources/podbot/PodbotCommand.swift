import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotErrors

/// The `podbot` command: a thin front end over the podbot libraries.
@main
struct PodbotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podbot",
        abstract: "A local-first podcast knowledge base: import transcripts, search them, ask them.",
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, FeedCommand.self, ListCommand.self, ShowCommand.self, SearchCommand.self,
            ExportCommand.self,
            IndexCommand.self, AskCommand.self, EvalCommand.self, SummarizeCommand.self, QuestionsCommand.self,
            ServeCommand.self, MCPCommand.self,
            GenerateCommand.self, EmbedCommand.self, ModelsCommand.self,
        ]
    )

    /// Parses as usual, but prints errors raised while running as one line, `podbot: <what and where>`,
    /// and exits with the status of its kind of failure (``status(for:)``), instead of ArgumentParser's usage dump.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch let error where Self.exitCode(for: error) == .success {
            // `podbot help …` and `--help` parse to ArgumentParser's help command, which "fails" with the help text.
            Self.exit(withError: error)
        } catch {
            Terminal.error(error)
            Self.exit(
                withError: ExitCode((error as? any ClassifiedError).map { Self.status(for: $0.failureKind) } ?? 1))
        }
    }

    /// The exit status of each kind of failure: 75 (`EX_TEMPFAIL`) when the same command may succeed later, 69
    /// (`EX_UNAVAILABLE`) when a model or server is missing, else 1.
    static func status(for kind: FailureKind) -> Int32 {
        switch kind {
        case .busy: 75
        case .unavailable: 69
        case .notFound, .invalidInput, .conflict, .internal: 1
        }
    }
}
