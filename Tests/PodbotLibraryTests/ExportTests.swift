import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("CSV export")
struct ExportTests {
    @Test func referenceCSVRoundTrips() throws {
        let scratch = ScratchFolder()
        let original = try Library(path: scratch.path("a.sqlite"))
        let ids = try original.importFile(ImportRequest(path: Corpus.path(Corpus.csv))).episodeIDs
        let written = Shown()
        try original.exportCSV(episodes: ids, write: written.append)
        let csv = written.value
        #expect(csv.hasPrefix("title,url,length,publish_date,transcript,total_words,summary,questions\r\n"))
        let exported = try scratch.write("export.csv", csv)

        let copy = try Library(path: scratch.path("b.sqlite"))
        let copyIDs = try copy.importFile(ImportRequest(path: exported)).episodeIDs
        #expect(copyIDs.count == 3)
        for (a, b) in zip(ids, copyIDs) {
            let left = try original.episode(a)
            let right = try copy.episode(b)
            #expect(right.episode.title == left.episode.title)
            #expect(right.episode.url == left.episode.url)
            #expect(right.episode.durationSeconds == left.episode.durationSeconds)
            #expect(right.episode.published == left.episode.published)
            #expect(right.episode.words == left.episode.words)
            #expect(right.episode.speakers == left.episode.speakers)
            #expect(right.transcript.count == left.transcript.count)
            if let index = left.transcript.indices.first(where: {
                $0 < right.transcript.count && left.transcript[$0] != right.transcript[$0]
            }) {
                Issue.record("segment \(index) differs: \(left.transcript[index]) ≠ \(right.transcript[index])")
            }
            #expect(right.summary == left.summary)
            #expect(right.questions.map(\.text) == left.questions.map(\.text))
        }
    }

    @Test func exportedTranscriptIsTheRepairedSourceText() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("a.sqlite"))
        let ids = try library.importFile(ImportRequest(path: Corpus.path(Corpus.csv))).episodeIDs
        let written = Shown()
        try library.exportCSV(episodes: [ids[0]], write: written.append)
        let csv = written.value
        let source = try Corpus.text(Corpus.csv)
        // The first transcript cell of the source, from its opening quote to the cell's end.
        #expect(source.contains(",\"Sarah: I think people see the output of models like DALLΒ·E, GPT-3, et cetera"))
        #expect(csv.contains(",\"Sarah: I think people see the output of models like DALL·E, GPT-3, et cetera"))
        #expect(!csv.contains("Β·") && !csv.contains("β€"))
    }
}
