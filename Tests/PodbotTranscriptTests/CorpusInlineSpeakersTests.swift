import PodbotTestSupport
import PodbotTranscript
import Testing

/// Vanishing Gradients: one 105 KB line, speaker names inline without a colon.
@Suite struct CorpusInlineSpeakersTests {
    @Test func detectsBothSpeakersAndManyTurns() throws {
        let transcript = try #require(try TestFiles.readCorpus(Corpus.vanishing).first)
        #expect(transcript.format == .inlineSpeakers)
        #expect(transcript.speakers == ["Hugo Bowne-Anderson", "Jeremy"])
        let hugo = transcript.segments.filter { $0.speaker == "Hugo Bowne-Anderson" }
        let jeremy = transcript.segments.filter { $0.speaker == "Jeremy" }
        // 71 "hugo bowne-anderson" labels in the file; some turns are merged where labels are misplaced.
        #expect((60...71).contains(hugo.count))
        #expect((60...75).contains(jeremy.count))
        #expect(jeremy.reduce(0) { $0 + $1.wordCount } > hugo.reduce(0) { $0 + $1.wordCount })
        // Consecutive turns by one speaker are merged, so speakers alternate.
        let speakers = transcript.segments.map(\.speaker)
        #expect(!zip(speakers, speakers.dropFirst()).contains { $0 == $1 })
    }

    @Test func disclaimerIsItsOwnSegment() throws {
        let transcript = try #require(try TestFiles.readCorpus(Corpus.vanishing).first)
        let first = transcript.segments[0]
        #expect(first.speaker == nil)
        #expect(first.text.hasPrefix("The following is a rough transcript which has not been revised"))
        #expect(
            first.text.hasSuffix("Please check with us before using any quotations from this transcript. Thank you."))
        #expect(transcript.segments[1].speaker == "Hugo Bowne-Anderson")
        #expect(transcript.segments[1].text == "Hi there, Jeremy. And welcome to the show.")
        #expect(transcript.segments[2].speaker == "Jeremy")
        #expect(transcript.segments[2].text == "G'day. Nice to be here... Virtually!")
        #expect(transcript.segments.dropFirst().allSatisfy { $0.speaker != nil })
    }

    @Test func labelsLeaveTheTextAndOtherWordsStay() throws {
        let source = try Corpus.text(Corpus.vanishing)
        let transcript = try #require(try TestFiles.readCorpus(Corpus.vanishing).first)
        #expect(!transcript.segments.contains { $0.text.contains("bowne-anderson") })
        // Only label words go: 2 per "hugo bowne-anderson" label, 1 per "Jeremy" label.
        let removed = source.split(separator: " ").count - transcript.wordCount
        #expect((71 * 2 + 60...71 * 2 + 75).contains(removed))
        #expect(transcript.segments.last?.text.hasSuffix("I deeply appreciate it. Thank you.") == true)
    }

    @Test(arguments: [["Hugo Bowne-Anderson", "Jeremy"], ["HUGO BOWNE-ANDERSON", "jeremy"]])
    func userGivenSpeakersKeepTheirSpelling(_ names: [String]) throws {
        let transcript = try #require(try TestFiles.readCorpus(Corpus.vanishing, speakers: names).first)
        #expect(transcript.speakers == names)
        #expect(transcript.segments.filter { $0.speaker == names[0] }.count >= 60)
        #expect(transcript.segments.filter { $0.speaker == names[1] }.count >= 60)
    }
}
