import PodbotLibrary
import Testing

@testable import PodbotRetrieval

@Suite("Numbers in words and digits")
struct NumberWordsTests {
    @Test("runs of number words read as one number and as their parts")
    func runs() {
        func forms(_ text: String) -> Set<String> { NumberWords.digitForms(in: AnswerChecker.words(text)) }
        #expect(forms("we paid seventy five dollars a month").isSuperset(of: ["75", "70", "5"]))
        #expect(forms("back in two thousand and thirteen").contains("2013"))
        #expect(forms("two hundred and ten people").contains("210"))
        #expect(forms("five five") == ["5"])
        #expect(forms("no numbers here").isEmpty)
        #expect(NumberWords.spelled("5") == "five")
        #expect(NumberWords.spelled("2013") == nil)
    }

    @Test("an answer's digits are supported by a passage's number words, and its number words by digits")
    func bothWays() {
        let spelled = hit("So I spent like the next two months nerding out on Swift.")
        let kept = AnswerChecker.check(
            "Jeremy spent 2 months learning Swift [1].", question: "How long did Jeremy spend learning Swift?",
            passages: [spelled], minimumSupport: 0.5)
        #expect(kept.sentences.count == 1)
        let wrong = AnswerChecker.check(
            "Jeremy spent 3 months learning Swift [1].", question: "How long did Jeremy spend learning Swift?",
            passages: [spelled], minimumSupport: 0.5)
        #expect(wrong.sentences.isEmpty)
        let digits = hit("There are only 5 pediatric radiologists for the entire continent.")
        let words = AnswerChecker.check(
            "The continent has five pediatric radiologists [1].", question: "How many radiologists for kids?",
            passages: [digits], minimumSupport: 1)
        #expect(words.sentences.count == 1)
    }

    private func hit(_ text: String) -> SearchHit {
        SearchHit(
            passageID: 1, episodeID: 1, title: "Jeremy Howard", show: nil, text: text, speaker: "Jeremy",
            startSeconds: nil, endSeconds: nil, url: nil, score: 1)
    }
}
