import PodbotLibrary
import Testing

@testable import PodbotRetrieval

@Suite("A dropped sentence's own words in the passages (no model)")
struct PassageSentencesTests {
    private func hit(_ id: Int64, _ text: String, speaker: String? = nil, turns: [SearchHit.Turn] = []) -> SearchHit {
        var hit = SearchHit(
            passageID: id, episodeID: 1, title: "Jeremy Howard", show: "Gradient Dissent", text: text,
            speaker: speaker, startSeconds: nil, endSeconds: nil, url: nil, score: 1)
        hit.turns = turns
        return hit
    }

    @Test("the sentence sharing the most of the claim's own words, with its turn's speaker")
    func closestSentence() {
        let passages = [
            hit(1, "We talked about forums for a while. Discord is new."),
            hit(
                2, "So what about forums? People are more thoughtful on forums, but forums are less active now.",
                speaker: "Lukas, Jeremy",
                turns: [
                    .init(speaker: "Lukas", text: "So what about forums?"),
                    .init(
                        speaker: "Jeremy",
                        text: "People are more thoughtful on forums, but forums are less active now."),
                ]),
        ]
        let found = PassageSentences.closest(
            to: ["Jeremy likes forums because people there are thoughtful, although less active."],
            questionWords: Set(SupportCheck.contentWords("Why does Jeremy like forums better than Discord?")),
            passages: passages, limit: 2)
        #expect(found.count == 1)
        #expect(found.first?.n == 2)
        #expect(found.first?.speaker == "Jeremy")
        #expect(found.first?.text == "People are more thoughtful on forums, but forums are less active now.")
    }

    @Test("one word in common besides the question's is not enough")
    func oneWordIsChance() {
        let found = PassageSentences.closest(
            to: ["Jeremy prefers forums for their calm."],
            questionWords: Set(SupportCheck.contentWords("Why does Jeremy like forums?")),
            passages: [hit(1, "The calm of a Sunday morning is the best time to code.")], limit: 2)
        #expect(found.isEmpty)
    }

    @Test("an unpunctuated run is cut into windows of the longest sentence, and a passage gives one sentence")
    func longRunsAreWindows() {
        let words = (1...100).map { "w\($0)" }
        let sentences = PassageSentences.sentences(of: hit(1, words.joined(separator: " "), speaker: "Jeremy"))
        #expect(sentences.count == 4)
        #expect(sentences.allSatisfy { $0.text.split(separator: " ").count <= PassageSentences.longestSentence })
        #expect(sentences.allSatisfy { $0.speaker == "Jeremy" })
        #expect(sentences.first?.text.hasPrefix("w1 w2") == true)
        #expect(sentences.first?.text.hasSuffix("w40…") == true)
        #expect(sentences.last?.text == "…" + words[60...].joined(separator: " "))

        let found = PassageSentences.closest(
            to: ["w10 w11 w12 appear here", "w15 w16 appear too"], questionWords: [],
            passages: [hit(1, words.joined(separator: " "))], limit: 2)
        #expect(found.count == 1, "one sentence per passage")
    }

    @Test("words a speaker quotes inside words shown as theirs get single marks")
    func nestedQuotation() {
        #expect(
            AnswerChecker.render("So I decided, \"Okay, it's not possible.\"", markers: [5], quoting: "Jeremy")
                == "Jeremy: “So I decided, ‘Okay, it's not possible.’” [5].")
    }

    @Test("only a sentence the passages do not hold may have been a passage reworded; a question may not")
    func unsupportedOnly() {
        let outcome = AnswerChecker.check(
            "Was Swift for TensorFlow archived? Messi scored twelve goals for Barcelona [1].",
            question: "What happened to Swift for TensorFlow?",
            passages: [hit(1, "Swift for TensorFlow got archived in 2021.")], minimumSupport: 0.6)
        #expect(outcome.dropped.map(\.unsupported) == [false, true])
    }
}
