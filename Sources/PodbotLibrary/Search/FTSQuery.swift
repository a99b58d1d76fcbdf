/// Turns what a person types into an FTS5 query that cannot be a syntax error.
///
/// Words become quoted terms joined by OR, so a passage matching more of them ranks higher under BM25
/// instead of every word being required; common function words are dropped unless nothing else is left.
/// Text in double quotes stays a phrase.
enum FTSQuery {
    static func make(_ input: String) -> String? {
        let all = parts(input)
        return all.isEmpty ? nil : all.joined(separator: " OR ")
    }

    /// The quoted phrases and terms `make` joins with OR (a phrase holds a space, a term does not).
    static func parts(_ input: String) -> [String] {
        var phrases: [String] = []
        var terms: [String] = []
        for (index, part) in input.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let words = tokens(part)
            if index % 2 == 1, words.count > 1 {
                phrases.append("\"" + words.joined(separator: " ") + "\"")
            } else {
                terms.append(contentsOf: words)
            }
        }
        let content = terms.filter { !stopWords.contains($0) }
        var seen = Set<String>()
        let chosen = (content.isEmpty && phrases.isEmpty ? terms : content).filter { seen.insert($0).inserted }
        return phrases + chosen.map { "\"\($0)\"" }
    }

    /// Lowercased runs of letters and digits, as FTS5's unicode61 tokenizer sees them.
    static func tokens(_ text: Substring) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "did", "do", "does", "for", "from", "has", "have",
        "he", "her", "his", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "she", "so",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "about", "s", "t",
    ]
}
