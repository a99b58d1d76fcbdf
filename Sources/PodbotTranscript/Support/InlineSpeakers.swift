/// Speaker names written inline without a colon (`hugo bowne-anderson Hi there, Jeremy. ... Jeremy G'day.`).
///
/// Names come from the user (`--speakers`) or are detected: a 1–3 word phrase that keeps opening
/// sentences — either a lowercase phrase (a label, since real sentences start with a capital) or a
/// capitalised name that never appears in lowercase (so not an ordinary word like "So" or "Yeah").
enum InlineSpeakers {
    /// Function words that never count as names, lowercased.
    private static let commonWords: Set<String> = [
        "a", "about", "actually", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
        "because", "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "go", "good", "great",
        "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "is", "it", "just", "know",
        "like", "maybe", "me", "mean", "my", "no", "not", "now", "of", "oh", "ok", "okay", "on", "one", "or", "our",
        "really", "right", "she", "so", "some", "sure", "that", "the", "their", "then", "there", "these", "they",
        "think", "this", "those", "to", "um", "uh", "very", "was", "we", "well", "were", "what", "when", "where",
        "which", "who", "why", "will", "with", "would", "yeah", "yes", "you", "your", "thank", "thanks", "hi",
        "hello", "absolutely", "exactly", "totally", "definitely", "cool", "wow", "hmm", "mm", "mhm",
    ]

    /// Detects up to four recurring inline speaker names, most frequent first; empty unless at least two.
    static func detect(_ text: String) -> [String] {
        let words = text.words
        let lowercaseWords = lowercaseVocabulary(words)
        var atSentenceStart: [String: Int] = [:]
        for index in words.indices where startsSentence(index, words) {
            for length in 1...3 where index + length < words.count {
                let phrase = words[index..<index + length]
                guard phrase.allSatisfy(isBare) else { break }
                atSentenceStart[phrase.joined(separator: " "), default: 0] += 1
            }
        }
        // A speaker label recurs throughout the text: at least 5 times, and once per 2,000 words.
        let minimumCount = max(5, words.count / 2000)
        var candidates = atSentenceStart.filter { phrase, count in
            count >= minimumCount && looksLikeName(phrase, lowercaseWords: lowercaseWords)
        }
        guard !candidates.isEmpty else { return [] }
        // How often each candidate occurs anywhere: a label phrase mostly opens sentences.
        let firstWords = Set(candidates.keys.compactMap { $0.split(separator: " ").first })
        var anywhere: [String: Int] = [:]
        for index in words.indices where firstWords.contains(words[index]) {
            for length in 1...3 where index + length <= words.count {
                let phrase = words[index..<index + length].joined(separator: " ")
                if candidates[phrase] != nil { anywhere[phrase, default: 0] += 1 }
            }
        }
        candidates = candidates.filter { phrase, count in Double(count) >= 0.3 * Double(anywhere[phrase] ?? count) }
        // Prefer "hugo bowne-anderson" over its prefix "hugo" when they occur together.
        let names = candidates.filter { phrase, count in
            !candidates.contains { other, otherCount in
                other.count > phrase.count && other.hasPrefix(phrase + " ") && Double(otherCount) >= 0.8 * Double(count)
            }
        }
        let ranked = names.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4)
        guard ranked.count >= 2 else { return [] }
        return ranked.map { displayName($0.key) }
    }

    /// Splits `text` into turns at occurrences of `speakers` (case-insensitive) used as labels.
    static func turns(_ text: String, speakers: [String]) -> [(speaker: String?, text: String)] {
        let words = text.words
        let lowercaseWords = lowercaseVocabulary(words)
        let names = speakers.map { (display: $0, tokens: $0.words.map { $0.lowercased() }) }
            .filter { !$0.tokens.isEmpty }
            .sorted { $0.tokens.count > $1.tokens.count }
        var turns: [(speaker: String?, text: String)] = []
        var speaker: String?
        var buffer: [Substring] = []
        func flush() {
            guard !buffer.isEmpty else { return }
            let spoken = buffer.joined(separator: " ")
            if let last = turns.last, last.speaker == speaker, speaker != nil {
                turns[turns.count - 1].text += " " + spoken
            } else {
                turns.append((speaker, spoken))
            }
            buffer = []
        }
        var index = 0
        while index < words.count {
            if let name = names.first(where: { isLabel($0.tokens, at: index, words, lowercaseWords) }) {
                flush()
                speaker = name.display
                index += name.tokens.count
                continue
            }
            buffer.append(words[index])
            index += 1
        }
        flush()
        return turns
    }

    /// A name occurrence is a label unless it carries punctuation ("Hi there, Jeremy."), ends the text, or
    /// is capitalised and opens a longer proper name mid-sentence ("or Jeremy Howard.").
    private static func isLabel(
        _ tokens: [String], at index: Int, _ words: [Substring], _ lowercaseWords: Set<String>
    ) -> Bool {
        let end = index + tokens.count
        guard end < words.count else { return false }
        for (offset, token) in tokens.enumerated() {
            let word = words[index + offset]
            guard word.utf8.count == token.utf8.count, word.lowercased() == token else { return false }
        }
        // A name written in lowercase is never prose ("... nothing to hugo bowne-anderson GPUs, which ...").
        if words[index].first?.isLowercase == true { return true }
        let next = words[end]
        let nextIsProperNoun =
            next.first?.isUppercase == true && next != "I" && !next.hasPrefix("I'") && !next.hasPrefix("I’")
            && !lowercaseWords.contains(letters(next))
        return !(nextIsProperNoun && !startsSentence(index, words))
    }

    private static func startsSentence(_ index: Int, _ words: [Substring]) -> Bool {
        index == 0 || SentenceSplitter.endsSentence(words[index - 1])
    }

    private static func isBare(_ word: Substring) -> Bool {
        word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" }
    }

    private static func letters(_ word: Substring) -> String {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else { return word.lowercased().filter(\.isLetter) }
        let lowered = word.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            default: nil
            }
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// Every word that appears at least once starting with a lowercase letter, lowercased.
    private static func lowercaseVocabulary(_ words: [Substring]) -> Set<String> {
        Set(words.lazy.filter(startsLowercase).map(letters))
    }

    private static func startsLowercase(_ word: Substring) -> Bool {
        guard let byte = word.utf8.first else { return false }
        return byte < 0x80 ? (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) : word.first?.isLowercase == true
    }

    private static func looksLikeName(_ phrase: String, lowercaseWords: Set<String>) -> Bool {
        let tokens = phrase.words
        guard !tokens.contains(where: { commonWords.contains(letters($0)) }) else { return false }
        if tokens.allSatisfy({ $0.first?.isLowercase == true }) { return tokens.count >= 2 }
        return tokens.allSatisfy { token in
            token.first?.isUppercase == true && !token.hasPrefix("I'") && !token.hasPrefix("I’")
                && !lowercaseWords.contains(letters(token))
        }
    }

    /// "hugo bowne-anderson" → "Hugo Bowne-Anderson"; names already capitalised stay as written.
    static func displayName(_ phrase: String) -> String {
        guard phrase.first?.isLowercase == true else { return phrase }
        return phrase.split(separator: " ").map { word in
            word.split(separator: "-", omittingEmptySubsequences: false).map {
                $0.prefix(1).uppercased() + $0.dropFirst()
            }
            .joined(separator: "-")
        }.joined(separator: " ")
    }
}

extension InlineSpeakers {
    /// True when at least two of `speakers` occur as inline labels in `text` (so `--speakers` applies).
    static func mentionsAny(_ speakers: [String], in text: String) -> Bool {
        guard !speakers.isEmpty else { return false }
        return turns(text, speakers: speakers).filter { $0.speaker != nil }.count >= 2
    }
}
