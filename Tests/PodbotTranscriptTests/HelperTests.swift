import Testing

@testable import PodbotTranscript

@Suite struct HelperTests {
    @Test(arguments: [
        ("00:00:01.000", 1000), ("00:00:01,500", 1500), ("01:24:47.400", 5_087_400), ("12:34.5", 754_500),
        ("1:02:03.04", 3_723_040), ("00:01", 1000),
    ])
    func parsesTimestamps(_ text: String, _ ms: Int) {
        #expect(Timestamp.milliseconds(text) == ms)
    }

    @Test(arguments: ["", "00:00:0x,000", "00:61:00.000", "1.5", "::", "00:00:01.", "-00:00:01.000"])
    func rejectsBadTimestamps(_ text: String) {
        #expect(Timestamp.milliseconds(text) == nil)
    }

    @Test func pythonListLiteral() throws {
        #expect(try PythonListLiteral.strings(#"['What is X?', "Isn't it?"]"#) == ["What is X?", "Isn't it?"])
        #expect(
            try PythonListLiteral.strings(#"['It\'s \"fine\"', 'a\\b', 'line\nbreak']"#) == [
                "It's \"fine\"", "a\\b", "line\nbreak",
            ])
        #expect(try PythonListLiteral.strings("[]") == [])
        #expect(try PythonListLiteral.strings("  ") == [])
        #expect(throws: PythonListLiteral.Invalid.self) { try PythonListLiteral.strings("['a' 'b']") }
    }

    @Test func nonSpeechTags() {
        #expect(
            NonSpeechTags.extract("Yeah (laughs) totally [Applause]") == ("Yeah totally", ["(laughs)", "[Applause]"]))
        #expect(NonSpeechTags.extract("[MUSIC PLAYING]") == ("", ["[MUSIC PLAYING]"]))
        #expect(NonSpeechTags.extract("(upbeat music continues)").tags == ["(upbeat music continues)"])
        // Speech in brackets stays: an editor's insertion, an aside, a formula.
        #expect(NonSpeechTags.extract("As [with] anything (which is great) f(x)").tags.isEmpty)
    }

    @Test func sentenceEnds() {
        let sentences = SentenceSplitter.sentences("I'm your host, Lucas B. Wald. Dr. Howard said so! Really? Yes...")
        #expect(
            sentences.map { $0.joined(separator: " ") } == [
                "I'm your host, Lucas B. Wald.", "Dr. Howard said so!", "Really?", "Yes...",
            ])
    }
}
