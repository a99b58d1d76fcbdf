import Foundation
import PodbotTestSupport
import PodbotTranscript
import Testing

/// Lex Fridman (paragraphs + service chrome) and the Gradient Dissent ASR dump (hard-wrapped lines).
@Suite struct CorpusPlainTextTests {
    @Test func lexParagraphsBecomeSegments() throws {
        let source = try Corpus.text(Corpus.lex)
        let transcript = try #require(try TestFiles.readCorpus(Corpus.lex).first)
        #expect(transcript.format == .plainText)
        let paragraphs = source.components(separatedBy: "\n\n").filter { $0.contains { !$0.isWhitespace } }
        #expect(paragraphs.count == 279)  // including the "Transcribe your podcast" chrome
        #expect(transcript.segments.count == 278)
        #expect(transcript.segments[0].text.hasPrefix("The following is a conversation with Jeremy Howard"))
        #expect(transcript.segments[2].text.hasPrefix("Àlex Friedman spelled F.R. Idi Amin."))
        #expect(transcript.segments.last?.text == "So thank you very much, Jess.")
        #expect(transcript.segments.allSatisfy { $0.speaker == nil && $0.startMs == nil && $0.wordCount <= 122 })
        #expect(!transcript.segments.contains { $0.text.contains("Transcribe your podcast") })
    }

    @Test func lexKeepsEveryWordButTheChrome() throws {
        let sourceWords = try Corpus.text(Corpus.lex).split(whereSeparator: \.isWhitespace)
        let transcript = try #require(try TestFiles.readCorpus(Corpus.lex).first)
        #expect(Array(sourceWords.prefix(3)) == ["Transcribe", "your", "podcast"])
        #expect(transcript.allWords == Array(sourceWords.dropFirst(3)))
    }

    @Test func asrLinesAreReflowedIntoParagraphs() throws {
        let source = try Corpus.text(Corpus.asr)
        let transcript = try #require(try TestFiles.readCorpus(Corpus.asr).first)
        #expect(transcript.format == .plainText)
        // Line breaks are spaces: the word sequence is the source's, with no word cut in half.
        #expect(transcript.allWords == source.split(whereSeparator: \.isWhitespace))
        #expect(source.split(separator: "\n").count == 702)
        let sizes = transcript.segments.map(\.wordCount)
        #expect((80...100).contains(sizes.count))
        #expect(sizes.allSatisfy { (60...150).contains($0) })
        #expect(transcript.segments[0].text.hasPrefix("I've been telling everybody who will listen"))
        #expect(transcript.segments.allSatisfy { $0.speaker == nil && $0.startMs == nil })
    }

    @Test func asrPunctuatedPartEndsParagraphsAtSentences() throws {
        let transcript = try #require(try TestFiles.readCorpus(Corpus.asr).first)
        // The first ~110 lines are punctuated: paragraphs there end at a sentence end.
        let punctuated = transcript.segments.prefix(8)
        #expect(punctuated.allSatisfy { [".", "?", "!"].contains($0.text.last.map(String.init) ?? "") })
        // The lowercase stream is cut at word boundaries into ~100–150-word paragraphs.
        let stream = transcript.segments.suffix(60)
        #expect(stream.allSatisfy { (60...150).contains($0.wordCount) })
        #expect(stream.filter { (100...150).contains($0.wordCount) }.count >= 55)
        #expect(transcript.segments.last?.text.hasSuffix("all right well that'd be my day thanks cheers") == true)
    }
}
