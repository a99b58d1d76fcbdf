/// Splits text into sentences on word boundaries, so no word is ever cut or lost.
public enum SentenceSplitter {
    /// Abbreviations after which a period does not end a sentence (lowercased, without the final dot).
    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "no", "fig", "approx",
        "inc", "ltd", "co", "u.s", "u.k",
    ]

    private static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»"]

    /// The sentences of `text`, each a list of its whitespace-separated words.
    public static func sentences<S: StringProtocol>(_ text: S) -> [[Substring]] {
        var result: [[Substring]] = []
        var current: [Substring] = []
        for word in text.words {
            current.append(word)
            if endsSentence(word) {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// True when `word` closes a sentence: ends in `.`, `?`, `!` or `…` (before closing quotes or brackets),
    /// and is not a known abbreviation or a single-letter initial like the `B.` in "Lucas B. Wald".
    public static func endsSentence(_ word: Substring) -> Bool {
        // Fast path: most words end in a letter, digit or comma.
        if let last = word.utf8.last, last < 0x80, !".?!\"')]".utf8.contains(last) { return false }
        var core = word[...]
        while let last = core.last, closers.contains(last) { core = core.dropLast() }
        guard let last = core.last else { return false }
        if last == "?" || last == "!" || last == "…" { return true }
        guard last == "." else { return false }
        let stem = core.dropLast()
        if stem.last == "." { return true }  // an ellipsis "..."
        if stem.count == 1, stem.first?.isUppercase == true { return false }
        return !abbreviations.contains(stem.lowercased())
    }
}
