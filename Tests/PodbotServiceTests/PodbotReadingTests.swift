import Foundation
import PodbotErrors
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

@testable import PodbotService

/// What the front ends read through the facade: one rule for the show filter, exports with their file names,
/// transcript pages with the passages that hold them.
@Suite("Reading the library through Podbot")
struct PodbotReadingTests {
    /// Two episodes of two shows: one timed (SRT), one untimed (plain text).
    static let library = Result<(Podbot, timed: Int64, untimed: Int64, ScratchFolder), any Error> {
        let scratch = ScratchFolder()
        var cues: [String] = []
        for n in 0..<12 {
            cues.append(
                "\(n + 1)\n00:00:\(String(format: "%02d", n * 4)),000 --> 00:00:\(String(format: "%02d", n * 4 + 3)),500\n"
                    + "Cue \(n) says the fast.ai course teaches coders deep learning one project at a time.\n")
        }
        let srt = try scratch.write("timed.srt", cues.joined(separator: "\n"))
        let text = try scratch.write(
            "untimed.txt", "Jeremy started Kaggle competitions to find the best data scientists in the world.")
        let library = try Library(path: scratch.path("library.sqlite"))
        let timed = try library.importFile(
            ImportRequest(
                path: srt, metadata: EpisodeMetadata(title: "Deep Learning: For Coders!", show: "Latent Space")))
        let untimed = try library.importFile(
            ImportRequest(path: text, metadata: EpisodeMetadata(title: "Kaggle days", show: "Gradient Dissent")))
        guard let timedID = timed.episodeIDs.first, let untimedID = untimed.episodeIDs.first else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return (Podbot(library: library), timedID, untimedID, scratch)
    }

    @Test("the show filter ignores case and is the one every front end uses")
    func showFilter() async throws {
        let (podbot, timed, untimed, _) = try Self.library.get()
        #expect(try await podbot.episodes().map(\.id).sorted() == [timed, untimed].sorted())
        #expect(try await podbot.episodes(show: "latent SPACE").map(\.id) == [timed])
        #expect(try await podbot.episodes(show: "Gradient Dissent").map(\.id) == [untimed])
        #expect(try await podbot.episodes(show: "Latent").isEmpty, "a show is named whole, not by its start")
    }

    @Test("an export carries its text, media type and a safe file name, as the library's own export")
    func export() async throws {
        let (podbot, timed, untimed, _) = try Self.library.get()
        let file = try await podbot.export(episode: timed, as: .srt)
        #expect(file.fileName == "\(timed)-deep-learning-for-coders.srt")
        #expect(file.mediaType == EpisodeExportFormat.srt.mediaType)
        #expect(file.text.contains("00:00:04,000 --> 00:00:07,500"))
        #expect(file.text == (try podbot.library.export(episode: timed, as: .srt)))
        do {
            _ = try await podbot.export(episode: untimed, as: .vtt)
            Issue.record("an untimed episode was exported as subtitles")
        } catch let error as LibraryError {
            #expect(error.failureKind == .invalidInput)
        }
    }

    @Test("the CSV export is the library's, and an episode that is not there is refused before a byte is written")
    func csvExport() async throws {
        let (podbot, timed, untimed, _) = try Self.library.get()
        let written = Shown()
        try await podbot.exportCSV(write: written.append)
        let library = Shown()
        try podbot.library.exportCSV(write: library.append)
        #expect(written.value == library.value)
        #expect(written.value.components(separatedBy: "\r\n").count == 4, "a header, two rows and the last line end")
        let one = Shown()
        try await podbot.exportCSV(episodes: [untimed], write: one.append)
        #expect(one.value.contains("Kaggle competitions") && !one.value.contains("fast.ai course"))
        let none = Shown()
        await #expect(throws: LibraryError.self) {
            try await podbot.exportCSV(episodes: [timed, 999], write: none.append)
        }
        #expect(none.value.isEmpty)
    }
    @Test("a transcript page comes with every passage that holds one of its segments")
    func transcriptPage() async throws {
        let (podbot, timed, _, _) = try Self.library.get()
        let page = try await podbot.transcriptPage(episode: timed, segments: 4..<8)
        #expect(page.detail.transcript.count == 4)
        #expect(page.detail.transcriptOffset == 4)
        #expect(!page.passages.isEmpty)
        for passage in page.passages { #expect(passage.firstSegment < 8 && passage.lastSegment >= 4) }
        for segment in 4..<8 {
            #expect(
                page.passages.contains { ($0.firstSegment...$0.lastSegment).contains(segment) }, "segment \(segment)")
        }
    }

    @Test("an episode is named by id, title or the start of one; a name that fits none is not found")
    func resolve() async throws {
        let (podbot, timed, untimed, _) = try Self.library.get()
        #expect(try await podbot.resolveEpisode("\(untimed)") == untimed)
        #expect(try await podbot.resolveEpisode("deep learning") == timed)
        do {
            _ = try await podbot.resolveEpisode("no such talk")
            Issue.record("a missing episode resolved")
        } catch let error as LibraryError {
            #expect(error.failureKind == .notFound)
        }
        #expect(try await podbot.missingEpisodes([timed, 999, untimed, 998]) == [999, 998])
        #expect(try await podbot.feedsWithItems().isEmpty)
    }
}

/// Notices a podbot gives, collected.
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite("Importing through Podbot")
struct PodbotImportTests {
    /// After an import that changed the library, the hub loads the vectors again (and says again what they
    /// lack); an import of what is already there changes nothing, so the next search reuses what is loaded.
    @Test("an import that changes the library makes the next search reload the vectors")
    func importInvalidatesVectors() async throws {
        let scratch = ScratchFolder()
        let first = try scratch.write(
            "first.txt", "Jeremy started Kaggle competitions to find the best data scientists.")
        let second = try scratch.write(
            "second.txt", "The fast.ai course teaches deep learning to coders from the top down.")
        let notices = NoticeLog()
        let podbot = Podbot(library: try Library(path: scratch.path("library.sqlite")), notice: notices.add)
        let noVectors = "no passage embeddings in this library yet (run `podbot index`); using BM25"

        let imported = try await podbot.importTranscript(ImportRequest(path: first))
        #expect(imported.status == .imported)
        _ = try await podbot.search("Kaggle competitions")
        _ = try await podbot.search("Kaggle competitions")
        #expect(notices.all == [noVectors], "said once while nothing changes")

        let unchanged = try await podbot.importTranscript(ImportRequest(path: first))
        #expect(unchanged.status == .unchanged)
        _ = try await podbot.search("Kaggle competitions")
        #expect(notices.all == [noVectors], "an unchanged import keeps what the hub loaded")

        let added = try await podbot.importTranscript(ImportRequest(path: second))
        #expect(added.status == .imported)
        let hits = try await podbot.search("deep learning course for coders")
        #expect(hits.first?.episodeID == added.episodeIDs.first)
        #expect(notices.all == [noVectors, noVectors], "the hub loaded the library again after it changed")
    }

    @Test("a bad transcript is refused with its file named, and nothing is stored")
    func badTranscript() async throws {
        let scratch = ScratchFolder()
        let bad = try scratch.write("broken.srt", "1\n00:00:05,000 --> 00:00:01,000\nTime runs backwards here.\n")
        let podbot = Podbot(library: try Library(path: scratch.path("library.sqlite")))
        let error = await #expect(throws: TranscriptError.self) {
            try await podbot.importTranscript(ImportRequest(path: bad))
        }
        #expect(error?.source == bad)
        #expect(error?.line == 2)
        #expect(try await podbot.episodes().isEmpty)
    }
}
