/// Whether an answer's wording comes from the passages it cites: the share of its content words (letters and
/// digits, three or more characters, not function words, compared on their first five letters so "trained" and
/// "training" agree) that occur in the cited passages.
///
/// A small model that answers from its own knowledge brings words the passages do not hold; one that reads the
/// passages reuses theirs. The threshold is documented in BENCHMARKS.md.
public enum SupportCheck {
    /// Least share of an answer's content words found in its cited passages for the answer to count as supported.
    public static let defaultThreshold = 0.6

    /// Share (0…1) of `answer`'s content words found in `sources`; 1 for an answer without content words.
    public static func support(of answer: String, in sources: [String]) -> Double {
        let words = contentWords(answer)
        guard !words.isEmpty else { return 1 }
        let known = Set(sources.flatMap(contentWords))
        return Double(words.filter(known.contains).count) / Double(words.count)
    }

    static func contentWords(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.compactMap { word in
            guard word.count >= 3, !stopWords.contains(String(word)) else { return nil }
            return String(word.prefix(5))
        }
    }

    /// Function words and the words of talk about a passage, which say nothing about what it holds.
    public static let stopWords: Set<String> = [
        "the", "and", "are", "was", "were", "for", "from", "has", "have", "had", "his", "her", "its", "our", "their",
        "them", "then", "than", "that", "this", "these", "those", "there", "they", "what", "when", "where", "which",
        "who", "whom", "why", "how", "will", "with", "would", "could", "should", "can", "not", "but", "you", "your",
        "she", "him", "about", "also", "into", "out", "over", "just", "more", "most", "some", "such", "very", "all",
        "any", "each", "other", "only", "own", "same", "too", "does", "did", "doing", "been", "being", "because",
        "while", "both", "through", "during", "before", "after", "above", "below", "between", "under", "again",
        "further", "once", "here", "one", "said", "says", "say", "like", "passage", "passages", "according",
        "mentioned", "mentions", "discussed", "discusses", "talked", "talks", "speaker", "episode", "podcast",
    ]
}
