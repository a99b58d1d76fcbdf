import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotLibrary
import PodbotService

/// `podbot export`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export an episode as subtitles, JSON, chapters or Markdown, or the library as CSV.",
        discussion: """
            Per episode: vtt (WebVTT with voices), srt, json (Podcasting 2.0 transcript), chapters (JSON chapters \
            1.2: the creator's, else the generated ones), md (YAML front matter, summary, chapters, transcript; for \
            an Obsidian vault). `--all -o DIR` writes one file per episode.
            The library: csv, with columns \(Library.csvColumns.joined(separator: ",")).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, vtt, srt, json, chapters, md
    }

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The episode (id or title) for the per-episode formats.") var episodeReference: String?
    @Option(help: "Output format.") var format: Format = .csv
    @Option(name: .shortAndLong, help: "Write to this file (or, with --all, this folder) instead of standard output.")
    var output: String?
    @Flag(help: "Every episode, one file each in the --output folder.") var all = false
    @Option(help: "CSV only: these episodes (ids or titles); all by default.") var episode: [String] = []

    func validate() throws {
        if format == .csv {
            if episodeReference != nil || all {
                throw ValidationError("csv exports the library; choose episodes with --episode")
            }
            return
        }
        if all {
            guard output != nil else { throw ValidationError("--all needs --output FOLDER") }
            guard episodeReference == nil else { throw ValidationError("give an episode or --all, not both") }
        } else if episodeReference == nil {
            throw ValidationError("name the episode to export as \(format.rawValue), or pass --all -o FOLDER")
        }
    }

    func run() async throws {
        let library = try options.openForReading()
        let podbot = Podbot(library: library)
        guard let episodeFormat = EpisodeExportFormat(rawValue: format.rawValue) else {
            var ids: [Int64] = []
            for reference in episode { ids.append(try await podbot.resolveEpisode(reference)) }
            let chosen = episode.isEmpty ? nil : ids
            return try await write(to: output) { sink in try await podbot.exportCSV(episodes: chosen, write: sink) }
        }
        guard all, let folder = output else {
            let file = try await podbot.export(
                episode: try await podbot.resolveEpisode(episodeReference!), as: episodeFormat)
            return try await write(to: output) { $0(file.text) }
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written = 0
        var skipped: [String] = []
        for summary in try await podbot.episodes() {
            do {
                let file = try await podbot.export(episode: summary.id, as: episodeFormat)
                try await write(to: URL(fileURLWithPath: folder).appendingPathComponent(file.fileName).path) {
                    $0(file.text)
                }
                written += 1
            } catch let error as LibraryError where error.failureKind == .invalidInput {
                // An untimed episode has no subtitles: said, and the others go on.
                skipped.append("\(summary.id)")
                Terminal.standardError("podbot: skipped: \(error)")
            }
        }
        Terminal.standardError(
            "Wrote \(written) \(format.rawValue) files to \(folder)"
                + (skipped.isEmpty ? "." : "; skipped \(skipped.count) (episodes \(skipped.joined(separator: ", "))).")
        )
    }

    /// Writes through a temporary file and a rename, so that a reader never sees a half-written export.
    private func write(to path: String?, _ body: (@escaping @Sendable (String) -> Void) async throws -> Void)
        async throws
    {
        guard let path else {
            return try await body { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw ValidationError("cannot write \(path)") }
        do {
            try await body { handle.write(Data($0.utf8)) }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
