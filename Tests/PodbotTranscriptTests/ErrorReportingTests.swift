import PodbotTranscript
import Testing

/// Every error is one line naming the source, and the line and field where there is one.
@Suite struct ErrorReportingTests {
    @Test(arguments: [
        ("bad.srt", "bad.srt:7: timestamp: \"00:00:0x,000 --> 00:00:02,000\" is not a valid SRT time range"),
        ("bad.vtt", "bad.vtt:7: timestamp: \"00:00:02.000 --> 00:00:0x.000\" is not a valid WebVTT time range"),
        ("bad.html", "bad.html:5: time: \"soon\" is not a time (expected H:MM:SS or M:SS)"),
        (
            "no-transcript.csv",
            "no-transcript.csv:1: transcript: the CSV header has no `transcript` column (columns: title, url, length, summary)"
        ),
        ("broken-quote.csv", "broken-quote.csv:3: transcript: quoted field is never closed (unterminated quote)"),
        ("bad-field.json", "bad-field.json: segments[1].startTime: soon is not a time in seconds"),
    ])
    func fixtureErrors(_ name: String, _ expected: String) {
        let error = TestFiles.transcriptError { _ = try TestFiles.readFixture(name) }
        #expect(error?.description == expected)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func malformedJSONSaysSo() throws {
        let error = try #require(TestFiles.transcriptError { _ = try TestFiles.readFixture("malformed.json") })
        #expect(error.source == "malformed.json")
        #expect(error.line == 3)  // the missing comma in `"end": 2 "text"`
        #expect(error.description.hasPrefix("malformed.json:3: malformed JSON"))
        #expect(error.reason.hasPrefix("malformed JSON"))
    }

    @Test func fileWithoutSpeechIsAnError() {
        let onlyMusic = Array("\n[00:00:00.000 --> 00:00:03.400]   [MUSIC PLAYING]\n".utf8)
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(onlyMusic, options: ParseOptions(sourceName: "music.txt"))
        }
        #expect(error?.description == "music.txt: no speech found: the file has no transcript text")
    }

    @Test func vttWithoutTimingLine() {
        let text = Array("WEBVTT\n\nintro\n00:00:01.000 -> 00:00:02.000\nHi.\n".utf8)
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(text, options: ParseOptions(sourceName: "arrow.vtt"))
        }
        #expect(error?.description == "arrow.vtt:4: timestamp: cue \"intro\" has no time range line")
    }

    @Test func whisperLineWithBadTime() {
        let text = Array("[00:00:00.000 --> 00:00:01.000]   Hi.\n[00:00:01.000 --> 00:00:6x.000]   There.\n".utf8)
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(text, options: ParseOptions(sourceName: "w.txt"), format: .whisperLines)
        }
        #expect(error?.description == "w.txt:2: timestamp: \"00:00:01.000 --> 00:00:6x.000\" is not a valid time range")
    }

    @Test func csvQuestionsThatAreNotAList() {
        let text = Array("title,transcript,questions\nEp,\"Ana: Hi. Ben: Yo. Ana: Bye. Ben: Bye.\",\"['open\"\n".utf8)
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(text, options: ParseOptions(sourceName: "q.csv"))
        }
        #expect(error?.description == "q.csv:2: questions: not a list of strings (string is not closed at character 6)")
    }
}

/// A broken time in the first cue is reported like one in a later cue, not taken for plain text.
@Suite struct FirstCueErrorTests {
    @Test(arguments: [
        ("1\n99:99:99,999 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n", 2),
        ("99:99:99,999 --> 00:00:02,000\nHello.\n", 1),
        ("\n\n1\n00:00:01,000 --> 00:00:0x,000\nHello.\n", 4),
    ])
    func brokenFirstCueNamesItsLine(text: String, line: Int) throws {
        #expect(FormatDetector.detect(text) == .srt)
        let error = try #require(
            TestFiles.transcriptError {
                _ = try TranscriptReader.read(Array(text.utf8), options: ParseOptions(sourceName: "first.srt"))
            })
        #expect(error.line == line)
        #expect(error.field == "timestamp")
        #expect(error.description.hasPrefix("first.srt:\(line): timestamp: \""))
        #expect(error.description.hasSuffix("is not a valid SRT time range"))
    }

    @Test(arguments: ["10 --> 20 is the range we cover", "1 -> 2: arrows", "Ana: a --> b"])
    func proseWithArrowsIsNotSRT(text: String) {
        #expect(FormatDetector.detect(text + "\nAna: more words.\n") != .srt)
    }
}
