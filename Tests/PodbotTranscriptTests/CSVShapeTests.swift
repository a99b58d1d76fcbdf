import PodbotTranscript
import Testing

/// CSV shapes beyond the corpus file: an empty index header, multi-line cells, `""` escapes.
@Suite struct CSVShapeTests {
    @Test func emptyIndexHeaderAndMultiLineQuotedCells() throws {
        let csv = #"""
            ,title,transcript,questions
            0,"Episode ""One""","Ana: Hello there.
            Ben: Hi, Ana. She said ""wow"". Ana: Right.
            Ben: Bye.","['Why?', ""Isn't it?""]"
            1,Episode Two,"Ana: Second. Ben: Row. Ana: Here. Ben: Yes.",[]

            """#
        let transcripts = try TranscriptReader.read(Array(csv.utf8), options: ParseOptions(sourceName: "idx.csv"))
        #expect(transcripts.count == 2)
        #expect(transcripts.map(\.metadata.title) == ["Episode \"One\"", "Episode Two"])
        #expect(transcripts[0].speakers == ["Ana", "Ben"])
        #expect(
            transcripts[0].segments.map(\.text) == ["Hello there.", "Hi, Ana. She said \"wow\".", "Right.", "Bye."])
        #expect(transcripts[0].imported?.questions == ["Why?", "Isn't it?"])
        #expect(transcripts[1].imported?.questions == [])
        #expect(transcripts[1].metadata.durationSeconds == nil)
    }

    @Test func corpusQuotesAreUnescaped() throws {
        let transcript = try #require(try TestFiles.readCorpus(TestFiles.csv).first)
        #expect(transcript.segments[0].text.contains("\"We have access to this data set,\""))
    }

    @Test func rowWithWrongFieldCount() {
        let csv = Array("title,url,transcript\nEp,https://x,\"Ana: Hi. Ben: Yo. Ana: Bye. Ben: Bye.\",extra\n".utf8)
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(csv, options: ParseOptions(sourceName: "wide.csv"))
        }
        #expect(error?.description == "wide.csv:2: row has 4 fields but the header has 3")
    }
}
