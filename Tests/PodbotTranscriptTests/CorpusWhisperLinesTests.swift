import PodbotTestSupport
import PodbotTranscript
import Testing

/// Latent Space: Whisper console lines, a blank first line, `- ` speaker changes, non-speech tags.
@Suite struct CorpusWhisperLinesTests {
    let transcript: Transcript
    let cueLines: [Substring]

    init() throws {
        let transcripts = try TestFiles.readCorpus(Corpus.whisper)
        #expect(transcripts.count == 1)
        transcript = try #require(transcripts.first)
        cueLines = try Corpus.text(Corpus.whisper).split(separator: "\n").filter { $0.contains("-->") }
    }

    @Test func oneSegmentPerCue() {
        #expect(transcript.format == .whisperLines)
        #expect(cueLines.count == 1939)
        #expect(transcript.segments.count == cueLines.count)
        #expect(transcript.speakers.isEmpty)
    }

    @Test func firstCueIsMusicWithEmptyText() {
        let first = transcript.segments[0]
        #expect(first.text == "")
        #expect(first.nonSpeech == ["[MUSIC PLAYING]"])
        #expect(first.startMs == 0)
        #expect(first.endMs == 3400)
        #expect(transcript.segments[1].text == "Hey, everyone.")
        #expect(transcript.segments[1].startMs == 3400)
        #expect(transcript.segments[1].endMs == 11960)
    }

    @Test func durationIsTheLastCueEnd() {
        #expect(transcript.metadata.durationSeconds == 5087.4)  // [01:24:44.820 --> 01:24:47.400]
        let last = transcript.segments[transcript.segments.count - 1]
        #expect(last.startMs == 5_084_820)
        #expect(last.nonSpeech == ["(upbeat music)"])
        #expect(last.text.isEmpty)
    }

    @Test func timesAreMonotonic() {
        let segments = transcript.segments
        #expect(segments.allSatisfy { ($0.startMs ?? -1) <= ($0.endMs ?? -2) })
        #expect(zip(segments, segments.dropFirst()).allSatisfy { ($0.startMs ?? 0) <= ($1.startMs ?? 0) })
    }

    @Test func keepsSpeakerChangeHintsAndTags() {
        let dashed = cueLines.filter { $0.contains("]   - ") }.count
        #expect(dashed == 87)
        #expect(transcript.segments.filter(\.speakerChange).count == dashed)
        #expect(!transcript.segments.contains { $0.text.hasPrefix("- ") })
        let laughs = transcript.segments.filter { $0.nonSpeech == ["(laughs)"] }
        #expect(laughs.count == 1)
        #expect(laughs.first?.startMs == 1_968_480)  // line 768: [00:32:48.480 --> 00:32:49.320]
        let tags = transcript.segments.flatMap(\.nonSpeech)
        #expect(tags.count == 10)
        #expect(!transcript.segments.contains { $0.text.contains("(upbeat") || $0.text.contains("[MUSIC") })
    }
}
