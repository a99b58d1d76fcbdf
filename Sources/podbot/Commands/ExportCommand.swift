import ArgumentParser
import Foundation
import PodbotLibrary

/// `podbot export --format csv`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the library as CSV in the reference bot's schema.",
        discussion: "Columns: \(Library.csvColumns.joined(separator: ",")).")

    enum Format: String, ExpressibleByArgument { case csv }

    @OptionGroup var options: LibraryOptions
    @Option(help: "Output format.") var format: Format = .csv
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Only these episodes (ids or titles); all by default.") var episode: [String] = []

    func run() async throws {
        let library = try options.openForReading()
        let ids = episode.isEmpty ? nil : try episode.map(library.resolveEpisode)
        if let output {
            let temporary = output + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let handle = FileHandle(forWritingAtPath: temporary)
            else { throw ValidationError("cannot write \(output)") }
            try library.exportCSV(episodes: ids) { handle.write(Data($0.utf8)) }
            try handle.close()
            // Rename so that a reader never sees a half-written export.
            _ = try? FileManager.default.removeItem(atPath: output)
            try FileManager.default.moveItem(atPath: temporary, toPath: output)
        } else {
            try library.exportCSV(episodes: ids) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
