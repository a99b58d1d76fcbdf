/// Whether a generated sentence says only what a source text says: the share of its content words the source
/// holds (``SupportCheck``), and the names and numbers it states that the source lacks. Answers check against
/// their cited passages (``AnswerChecker``); summaries check against the transcript chunk each sentence came from.
public enum Grounding {
    /// One sentence against one source.
    public struct Verdict: Sendable, Equatable {
        /// Share (0…1) of the sentence's content words found in the source.
        public var support: Double
        /// Names and numbers (lowercased) the sentence states and the source does not hold.
        public var missing: [String]

        /// True when at least `minimum` of the words, and every name and number, are in the source.
        public func passes(_ minimum: Double) -> Bool { support >= minimum && missing.isEmpty }
    }

    /// A source prepared once for many checks.
    public struct Source: Sendable {
        let words: Set<String>
        let exact: Set<String>

        /// `text`, plus `names` (title, speakers) a sentence may state without the text holding them.
        public init(_ text: String, names: [String] = []) {
            let all = ([text] + names).joined(separator: " ")
            words = Set(SupportCheck.contentWords(all))
            exact = Set(AnswerChecker.words(all))
        }
    }

    public static func check(_ sentence: String, against source: Source) -> Verdict {
        let words = SupportCheck.contentWords(sentence)
        let support = words.isEmpty ? 1 : Double(words.filter(source.words.contains).count) / Double(words.count)
        var missing: [String] = []
        for term in AnswerChecker.keyTerms(sentence) where !source.exact.contains(term) && !missing.contains(term) {
            missing.append(term)
        }
        return Verdict(support: support, missing: missing)
    }

    /// The sentences of `text`, whitespace collapsed, `[n]` markers removed.
    public static func sentences(_ text: String) -> [String] { SentenceSplitter.split(text).map(\.text) }
}
