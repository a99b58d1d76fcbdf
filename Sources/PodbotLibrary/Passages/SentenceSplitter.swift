/// Splits running text into sentences at `.`, `?`, `!` or `…` followed by white space.
///
/// Deliberately simple: transcripts have no markup, and a missed abbreviation only makes a passage
/// boundary fall one sentence later. Text without punctuation comes back as one sentence.
enum SentenceSplitter {
    static func isTerminal(_ character: Character) -> Bool {
        character == "." || character == "?" || character == "!" || character == "…"
    }

    static func isClosing(_ character: Character) -> Bool {
        character == "\"" || character == "”" || character == "’" || character == ")" || character == "'"
    }

    static func sentences(in text: Substring) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            guard isTerminal(character) else { continue }
            var end = index
            while end < text.endIndex, isClosing(text[end]) || isTerminal(text[end]) { end = text.index(after: end) }
            guard end < text.endIndex, text[end].isWhitespace else { index = end; continue }
            let sentence = text[start..<end].trimmingWhitespace()
            if !sentence.isEmpty { result.append(sentence) }
            start = end
            index = end
        }
        let rest = text[start...].trimmingWhitespace()
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    static func sentences(in text: String) -> [Substring] { sentences(in: text[...]) }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
