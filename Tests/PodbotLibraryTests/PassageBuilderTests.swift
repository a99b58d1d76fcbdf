import PodbotLibrary
import PodbotTranscript
import Testing

@Suite("Passage builder")
struct PassageBuilderTests {
    func words(_ count: Int, _ word: String = "word", end: String = ".") -> String {
        Array(repeating: word, count: count).joined(separator: " ") + end
    }

    @Test func closesAtSpeakerChangesOnceLongEnough() {
        let segments = [
            Segment(speaker: "A", text: words(60)), Segment(speaker: "B", text: words(50)),
            Segment(speaker: "B", text: "Yes."), Segment(speaker: "A", text: words(45)),
        ]
        let passages = PassageBuilder.build(segments)
        #expect(passages.map(\.speakers) == [["A"], ["B"], ["A"]])
        #expect(passages.map(\.words) == [60, 51, 45])
        #expect(passages.map(\.firstSegment) == [0, 1, 3])
    }

    @Test func shortInterjectionsJoinTheCurrentPassage() {
        let segments = [
            Segment(speaker: "A", text: words(20)), Segment(speaker: "B", text: "Right."),
            Segment(speaker: "A", text: words(30)),
        ]
        let passages = PassageBuilder.build(segments)
        #expect(passages.count == 1)
        #expect(passages[0].speakers == ["A", "B"])
    }

    @Test func unpunctuatedTextIsCutAtWordBoundariesUnderTheMaximum() {
        let text = (0..<1000).map { "w\($0)" }.joined(separator: " ")
        let passages = PassageBuilder.build([Segment(text: text)])
        #expect(passages.allSatisfy { $0.words <= PassagePolicy.default.maxWords + PassagePolicy.default.minWords })
        #expect(passages.flatMap { $0.text.split(separator: " ").map(String.init) } == (0..<1000).map { "w\($0)" })
    }

    @Test func timesComeFromSegmentsOnly() {
        let segments = [
            Segment(startMs: 1000, endMs: 2000, text: "One two."),
            Segment(startMs: 2000, endMs: 3500, text: words(120)),
            Segment(startMs: 3600, endMs: 9000, text: words(80)),
        ]
        let passages = PassageBuilder.build(segments)
        #expect(passages.first?.startMs == 1000)
        #expect(passages.last?.endMs == 9000)
        let boundaries = Set(segments.flatMap { [$0.startMs, $0.endMs] })
        #expect(passages.allSatisfy { boundaries.contains($0.startMs) && boundaries.contains($0.endMs) })
    }

    @Test func markedSpeakerChangesCloseLongEnoughPassages() {
        let segments = [
            Segment(startMs: 0, endMs: 10_000, text: words(50)),
            Segment(startMs: 10_000, endMs: 20_000, text: words(30), speakerChange: true),
            Segment(startMs: 20_000, endMs: 30_000, text: words(30), speakerChange: true),
        ]
        let passages = PassageBuilder.build(segments)
        // The first change closes the 50-word passage; the second comes before the minimum is reached.
        #expect(passages.map(\.words) == [50, 60])
        #expect(passages.map(\.startMs) == [0, 10_000])
    }

    @Test func emptySegmentsMakeNoPassage() {
        #expect(PassageBuilder.build([Segment(startMs: 0, endMs: 3000, text: "", nonSpeech: ["[MUSIC]"])]).isEmpty)
    }
}
