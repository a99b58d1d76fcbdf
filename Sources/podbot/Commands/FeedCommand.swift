import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotFeeds
import PodbotLibrary
import PodbotService

/// `podbot feed add|list|sync|remove`
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Subscribe to podcast feeds and import the transcripts and chapters they publish.",
        discussion: """
            Reads RSS 2.0 feeds with the Podcasting 2.0 <podcast:transcript> and <podcast:chapters> tags. Each item's \
            best transcript (WebVTT, then JSON, SRT, HTML, plain text) becomes an episode; the creator's chapters are \
            kept as the creator's. Syncing again downloads only what changed.
            """,
        subcommands: [Add.self, List.self, Sync.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe to a feed (URL or file) and import what it publishes.")

        @OptionGroup var options: LibraryOptions
        @Argument(help: "The feed's http(s) URL, or a path to a feed file.") var feed: String
        @Flag(help: "Print a JSON report.") var json = false
        @OptionGroup var transcribe: TranscribeOptions

        func run() async throws {
            let podbot = Podbot(library: try options.open())
            var report = try await podbot.addFeed(feed, onItem: progress(json: json))
            try await transcribe.run(podbot, report: &report, library: options.path, json: json)
            try FeedCommand.print(report, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscribed feeds and what their items gave.")

        @OptionGroup var options: LibraryOptions
        @Flag(help: "Also list each feed's items.") var items = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let podbot = Podbot(library: try options.openForReading())
            // Items are read only when they are shown.
            let listed =
                items
                ? try await podbot.feedsWithItems()
                : try await podbot.feeds().map { FeedWithItems(feed: $0, items: []) }
            if json {
                guard items else { return try Terminal.printJSON(listed.map(\.feed)) }
                return try Terminal.printJSON(listed)
            }
            if listed.isEmpty { return Swift.print("No feeds yet. Subscribe with `podbot feed add URL`.") }
            for (feed, feedItems) in listed.map({ ($0.feed, $0.items) }) {
                Swift.print(String(format: "%4lld  ", feed.id) + (feed.title ?? feed.url))
                var facts = ["\(feed.episodes) of \(feed.items) items imported"]
                if feed.withoutTranscript > 0 { facts.append("\(feed.withoutTranscript) without a transcript") }
                if feed.failed > 0 { facts.append("\(feed.failed) failed") }
                facts.append(feed.syncedAt.map { "synced \($0)" } ?? "never synced")
                Swift.print("      " + feed.url)
                Swift.print("      " + facts.joined(separator: " · "))
                guard items else { continue }
                for item in feedItems {
                    let what =
                        switch item.status {
                        case .imported: item.episodeID.map { "episode \($0)" } ?? "imported"
                        case .noTranscript: "no transcript published"
                        case .failed: "failed: " + (item.error ?? "")
                        }
                    Swift.print("        - \(item.published ?? "----------")  \(item.title)  (\(what))")
                }
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch subscribed feeds again and import what is new or changed.")

        @OptionGroup var options: LibraryOptions
        @Argument(help: "Feeds by id, URL or title; all by default.") var feeds: [String] = []
        @Flag(help: "Print a JSON report.") var json = false
        @OptionGroup var transcribe: TranscribeOptions

        func run() async throws {
            let podbot = Podbot(library: try options.open())
            var ids: [Int64] = []
            for feed in feeds { ids.append(try await podbot.resolveFeed(feed)) }
            if feeds.isEmpty { ids = try await podbot.feeds().map(\.id) }
            var reports: [FeedSyncReport] = []
            var failures: [String] = []
            for id in ids {
                do {
                    var report = try await podbot.syncFeed(id, onItem: progress(json: json))
                    try await transcribe.run(podbot, report: &report, library: options.path, json: json)
                    reports.append(report)
                    if !json { try FeedCommand.print(report, json: false) }
                } catch {
                    // One unreachable feed does not stop the others; the run still fails at the end.
                    failures.append(String(describing: error))
                    Terminal.error(error)
                }
            }
            if json { try Terminal.printJSON(reports) }
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unsubscribe from a feed. Its episodes stay in the library unless --delete-episodes.")

        @OptionGroup var options: LibraryOptions
        @Argument(help: "The feed, by id, URL or title.") var feed: String
        @Flag(help: "Also delete the episodes imported from this feed.") var deleteEpisodes = false

        func run() async throws {
            let podbot = Podbot(library: try options.open())
            let (feed, deleted) = try await podbot.removeFeed(
                try await podbot.resolveFeed(feed), deleteEpisodes: deleteEpisodes)
            let episodes = deleteEpisodes ? "; deleted \(deleted) episodes" : "; its episodes stay in the library"
            Swift.print("Removed feed \(feed.id): \(feed.title ?? feed.url)\(episodes).")
        }
    }

    static func print(_ report: FeedSyncReport, json: Bool) throws {
        if json { return try Terminal.printJSON(report) }
        Swift.print(FeedService.describe(report))
    }
}

/// `--transcribe` and the Whisper options, shared by `feed add` and `feed sync`.
struct TranscribeOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Transcribe items that publish no transcript: download their audio (resumably, next to the library) and "
                + "transcribe it offline with Whisper."))
    var transcribe = false
    @OptionGroup var transcription: TranscriptionOptions

    /// After a sync: transcribes what it could not import, and counts the results into `report`.
    func run(_ podbot: Podbot, report: inout FeedSyncReport, library: String, json: Bool) async throws {
        guard transcribe else { return }
        let transcriber = try transcription.makeTranscriber()
        let renderer = TranscriptionProgressRenderer(json ? .none : transcription.progress)
        let audio = URL(fileURLWithPath: library).deletingLastPathComponent().appendingPathComponent("audio").path
        let results = try await podbot.transcribeMissing(
            feed: report.feed.id, transcriber: transcriber, audioFolder: audio,
            onItem: { item in
                renderer.finishLine()
                progress(json: json)(item)
            }, onAudio: renderer.handler)
        renderer.finishLine()
        // A transcribed item counts as imported in the report, in the feed's order.
        for result in results {
            if let index = report.items.firstIndex(where: { $0.guid == result.guid }) {
                report.items[index] = result
            } else {
                report.items.append(result)
            }
        }
        report.feed = try await podbot.feed(report.feed.id).feed
    }
}

/// One stderr line per item that changed or failed, unless the output is JSON.
private func progress(json: Bool) -> @Sendable (FeedItemProgress) -> Void {
    { progress in
        guard !json else { return }
        let result = progress.result
        switch result.change {
        case .imported, .replaced:
            Terminal.standardError("  \(result.change.rawValue): \(result.title) → episode \(result.episodeID ?? 0)")
        case .failed:
            Terminal.standardError("  failed: \(result.title): \(result.error ?? "")")
        case .unchanged, .noTranscript:
            if let error = result.error { Terminal.standardError("  \(result.title): \(error)") }
        }
    }
}
