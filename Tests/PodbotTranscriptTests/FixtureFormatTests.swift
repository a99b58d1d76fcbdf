import PodbotTranscript
import Testing

/// Small hand-written fixtures for the formats the corpus does not cover.
@Suite struct FixtureFormatTests {
    @Test func srtWithCRLFMarkupAndNoTrailingBlankLine() throws {
        let transcripts = try TestFiles.readFixture("sample.srt")
        let segments = try #require(transcripts.first).segments
        #expect(transcripts.first?.format == .srt)
        #expect(segments.count == 4)
        #expect(segments[0] == Segment(startMs: 1000, endMs: 4200, text: "", nonSpeech: ["[Applause]"]))
        #expect(
            segments[1]
                == Segment(
                    startMs: 4500, endMs: 7250, text: "Welcome back to Data Hour. Today we talk about café culture."))
        #expect(
            segments[2]
                == Segment(
                    startMs: 7300, endMs: 9000, text: "Is it naïve? Not at all.", nonSpeech: ["(laughs)"],
                    speakerChange: true))
        #expect(segments[3] == Segment(startMs: 62003, endMs: 65500, text: "The end — thanks."))
        #expect(transcripts.first?.metadata.durationSeconds == 65.5)
    }

    @Test func webVTTWithVoicesNotesAndCueSettings() throws {
        let transcript = try #require(try TestFiles.readFixture("sample.vtt").first)
        #expect(transcript.format == .webvtt)
        #expect(transcript.speakers == ["Ana Lima", "Ben"])
        #expect(
            transcript.segments == [
                Segment(speaker: "Ana Lima", startMs: 0, endMs: 3500, text: "Welcome to Data Hour, I'm Ana."),
                Segment(speaker: "Ben", startMs: 3500, endMs: 6000, text: "Thanks, great to be here!"),
                Segment(speaker: "Ana Lima", startMs: 6000, endMs: 9250, text: "So, tell us about & your work."),
                Segment(speaker: "Ben", startMs: 6000, endMs: 9250, text: "Sure.", nonSpeech: ["(laughs)"]),
                Segment(startMs: 9250, endMs: 12000, text: "", nonSpeech: ["[MUSIC PLAYING]"]),
            ])
        #expect(transcript.metadata.durationSeconds == 12)
        let all = transcript.segments.map(\.text).joined(separator: " ")
        for leaked in ["NOTE", "edited by hand", "::cue", "width:40%", "align:", "intro", "<", "position"] {
            #expect(!all.contains(leaked))
        }
    }

    @Test func whisperJSON() throws {
        let transcript = try #require(try TestFiles.readFixture("whisper.json").first)
        #expect(transcript.format == .whisperJSON)
        #expect(
            transcript.segments == [
                Segment(startMs: 0, endMs: 2500, text: "Hello and welcome."),
                Segment(startMs: 2500, endMs: 6120, text: "Today we talk about diffusion models."),
                Segment(startMs: 6120, endMs: 9000, text: "", nonSpeech: ["[Music]"]),
            ])
        #expect(transcript.metadata.durationSeconds == 9)
    }

    @Test func podcastingTwoPointOhJSON() throws {
        let transcript = try #require(try TestFiles.readFixture("podcast.json").first)
        #expect(transcript.format == .podcastJSON)
        #expect(transcript.speakers == ["Adam Curry", "Dave Jones"])
        #expect(
            transcript.segments == [
                Segment(speaker: "Adam Curry", startMs: 0, endMs: 1800, text: "Welcome to Podcasting 2.0."),
                Segment(
                    speaker: "Dave Jones", startMs: 1800, endMs: 4250, text: "Thanks, Adam. Good to be here.",
                    nonSpeech: ["(chuckles)"]),
                Segment(speaker: "Adam Curry", startMs: 4250, endMs: 7500, text: "Let's talk about transcripts."),
            ])
    }

    @Test func podcastingTwoPointOhHTML() throws {
        let transcript = try #require(try TestFiles.readFixture("podcast.html").first)
        #expect(transcript.format == .html)
        #expect(transcript.speakers == ["Ana Lima", "Ben"])
        #expect(
            transcript.segments == [
                Segment(
                    speaker: "Ana Lima", startMs: 0, endMs: 7000,
                    text: "Welcome to Data Hour. Today: café culture & feeds."),
                Segment(
                    speaker: "Ben", startMs: 7000, endMs: 3_723_000, text: "Thanks, great to be here.",
                    nonSpeech: ["(laughs)"]),
                Segment(speaker: "Ben", text: "And a second paragraph."),
                Segment(speaker: "Ana Lima", startMs: 3_723_000, endMs: 3_723_000, text: "That's all for today."),
            ])
        let all = transcript.segments.map(\.text).joined(separator: " ")
        for leaked in ["Episode 12", "margin", "<", "&amp;"] { #expect(!all.contains(leaked)) }
    }

    @Test func speakerLabelsIgnoreNoteAndMidSentenceColons() throws {
        let transcript = try #require(try TestFiles.readFixture("labelled.txt").first)
        #expect(transcript.format == .speakerLabelled)
        #expect(transcript.speakers == ["Ana", "Ben"])
        #expect(
            transcript.segments == [
                Segment(text: "Note: this transcript was produced automatically."),
                Segment(speaker: "Ana", text: "Welcome back. The thing is: we have a lot to cover today."),
                Segment(speaker: "Ben", text: "Thanks for having me. Note: I am not a lawyer."),
                Segment(speaker: "Ana", text: "Fair enough. Let's start with the basics."),
                Segment(speaker: "Ben", text: "Sure, go ahead."),
                Segment(speaker: "Ben", text: "Okay.", nonSpeech: ["[laughs]"]),
            ])
    }

    @Test func forcedFormatSkipsDetection() throws {
        let transcript = try #require(try TestFiles.readFixture("labelled.txt", format: .plainText).first)
        #expect(transcript.format == .plainText)
        #expect(transcript.speakers.isEmpty)
        #expect(transcript.segments.count == 2)  // two blank-line separated paragraphs
    }
}
