import PodbotTestSupport
import PodbotTranscript
import Testing

/// Formats are told apart by content only: these names carry misleading or no extensions on purpose.
@Suite struct FormatDetectorTests {
    @Test(arguments: [
        (Corpus.csv, TranscriptFormat.csv), (Corpus.whisper, .whisperLines), (Corpus.vanishing, .inlineSpeakers),
        (Corpus.lex, .plainText), (Corpus.asr, .plainText),
    ])
    func detectsCorpusFiles(_ name: String, _ format: TranscriptFormat) throws {
        #expect(FormatDetector.detect(MojibakeRepair.repair(try Corpus.text(name))) == format)
    }

    @Test(arguments: [
        ("sample.srt", TranscriptFormat.srt), ("sample.vtt", .webvtt), ("whisper.json", .whisperJSON),
        ("podcast.json", .podcastJSON), ("labelled.txt", .speakerLabelled), ("no-transcript.csv", .csv),
        ("broken-quote.csv", .csv), ("bad.srt", .srt), ("bad.vtt", .webvtt),
        ("podcast.html", .html), ("bad.html", .html),
    ])
    func detectsFixtures(_ name: String, _ format: TranscriptFormat) throws {
        let text = String(decoding: try TestFiles.fixtureBytes(name), as: UTF8.self)
        #expect(FormatDetector.detect(text) == format)
    }

    @Test(arguments: [
        ("\n[00:01.000 --> 00:02.500]   Short form.", TranscriptFormat.whisperLines),
        ("00:00:01,000 --> 00:00:02,000\nNo index line.", .srt),
        ("Alice: Hi.\nBob: Hello.\nAlice: Bye.\nBob: Bye now.", .speakerLabelled),
        ("Note: this is a memo.\nIt has one paragraph, and a colon: here.", .plainText),
        ("Just one line of text, with commas, and more, commas.", .plainText),
        ("a,b,c\n1,2,3", .csv),
    ])
    func detectsSmallSamples(_ text: String, _ format: TranscriptFormat) {
        #expect(FormatDetector.detect(text) == format)
    }

    @Test("every text format is asked once, plain text last; audio is never recognised from text")
    func detectionOrder() {
        let order = TranscriptFormat.detectionOrder
        #expect(Set(order) == Set(TranscriptFormat.allCases).subtracting([.audio]))
        #expect(order.count == Set(order).count)
        #expect(order.last == .plainText)
        let sample = DetectionSample("[00:00:01.000 --> 00:00:02.000] WEBVTT {\"body\": 1}")
        let audioDetected = TranscriptFormat.audio.parser.detects(sample)
        let plainDetected = TranscriptFormat.plainText.parser.detects(DetectionSample("anything at all"))
        #expect(!audioDetected && plainDetected)
        let parsed = order.map { $0.parser.format }
        #expect(parsed == order)
    }
}
