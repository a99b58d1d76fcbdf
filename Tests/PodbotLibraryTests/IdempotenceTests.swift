import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("Importing twice")
struct IdempotenceTests {
    @Test func sameContentAddsNothingAndReplaceReimports() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let first = try library.importFile(ImportRequest(path: Corpus.path(Corpus.csv)))
        let counts = try library.counts()
        let titles = try first.episodeIDs.map { try library.episode($0).episode.title }
        #expect(first.status == .imported)

        // The same bytes under another name are still the same content.
        let copy = try scratch.write("copy.csv", try Corpus.bytes(Corpus.csv))
        let again = try library.importFile(ImportRequest(path: copy))
        #expect(again.status == .unchanged)
        #expect(again.episodeIDs == first.episodeIDs)
        #expect(try library.counts() == counts)

        let replaced = try library.importFile(ImportRequest(path: Corpus.path(Corpus.csv), replace: true))
        #expect(replaced.status == .replaced)
        #expect(try replaced.episodeIDs.map { try library.episode($0).episode.title } == titles)
        #expect(try library.counts() == counts)
        #expect(try library.integrityCheck() == ["ok"])
    }

    @Test func changedFileAtTheSamePathNeedsReplace() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let path = try scratch.write("talk.srt", "1\n00:00:01,000 --> 00:00:02,000\nFirst version.\n")
        _ = try library.importFile(ImportRequest(path: path))
        try scratch.write("talk.srt", "1\n00:00:01,000 --> 00:00:02,000\nSecond version.\n")
        #expect { try library.importFile(ImportRequest(path: path)) } throws: { "\($0)".contains("--replace") }
        let replaced = try library.importFile(ImportRequest(path: path, replace: true))
        #expect(try library.episode(replaced.episodeIDs[0]).transcript.map(\.text) == ["Second version."])
        #expect(try library.episodes().count == 1)
    }

    @Test func flagsAndSidecarMetadataOverrideTheFile() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let report = try library.importFile(
            ImportRequest(
                path: Corpus.path(Corpus.whisper),
                metadata: .init(title: "Latent Space with Jeremy", show: "Latent Space", published: "2023-10-20")))
        let episode = try library.episode(report.episodeIDs[0]).episode
        #expect(episode.title == "Latent Space with Jeremy")
        #expect(episode.show == "Latent Space")
        #expect(episode.published == "2023-10-20")
        #expect(episode.url == nil)
    }
}
