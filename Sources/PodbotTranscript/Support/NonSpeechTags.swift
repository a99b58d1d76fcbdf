/// Finds non-speech tags (`[MUSIC PLAYING]`, `(laughs)`, `(upbeat music)`, `[Applause]`) in spoken text.
///
/// A bracketed run counts when it is short and names a sound (`(laughs)`, `[Applause]`), or, in square
/// brackets, is all capitals (`[INAUDIBLE]`). Other brackets hold speech or editors' insertions
/// ("(which is great)", "As [with]") and stay in the text.
enum NonSpeechTags {
    /// Words that make a short parenthesised run a sound description rather than speech.
    private static let soundWords: Set<String> = [
        "music", "musik", "laugh", "laughs", "laughing", "laughter", "applause", "chuckle", "chuckles", "chuckling",
        "sigh", "sighs", "sighing", "cough", "coughs", "coughing", "inaudible", "crosstalk", "silence", "cheering",
        "cheers", "clapping", "claps", "beep", "beeps", "noise", "static", "pause", "sniffs", "giggle", "giggles",
        "giggling", "groans", "mumbles", "mumbling", "unintelligible", "indistinct", "sound", "sounds", "audio",
        "intro", "outro", "jingle", "bell", "whoosh", "typing", "playing", "plays", "continues", "fades", "upbeat",
        "gentle", "dramatic", "soft", "sniffles", "exhales", "inhales", "clears", "throat", "speaking", "foreign",
    ]

    /// The text with tags removed (whitespace tidied) and the tags in order, brackets included.
    static func extract<S: StringProtocol>(_ text: S) -> (text: String, tags: [String]) {
        let open: (square: UInt8, round: UInt8) = (UInt8(ascii: "["), UInt8(ascii: "("))
        guard text.utf8.contains(where: { $0 == open.square || $0 == open.round }) else {
            return (text.trimmed.collapsingWhitespaceIfNeeded, [])
        }
        let bytes = Array(text.utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var tags: [String] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == open.square || byte == open.round {
                let close = byte == open.square ? UInt8(ascii: "]") : UInt8(ascii: ")")
                var end = index + 1
                while end < bytes.count, bytes[end] != close, bytes[end] != open.square, bytes[end] != open.round {
                    end += 1
                }
                if end < bytes.count, bytes[end] == close, isTag(bytes[(index + 1)..<end], square: byte == open.square)
                {
                    tags.append(String(decoding: bytes[index...end], as: UTF8.self))
                    kept.append(0x20)
                    index = end + 1
                    continue
                }
            }
            kept.append(byte)
            index += 1
        }
        return (String(decoding: kept, as: UTF8.self).collapsingWhitespace, tags)
    }

    private static func isTag(_ inner: ArraySlice<UInt8>, square: Bool) -> Bool {
        let words = inner.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) })
        guard !words.isEmpty, words.count <= (square ? 8 : 5) else { return false }
        // "[MUSIC PLAYING]" or a sound word; editors' insertions like "As [with]" are speech and stay.
        if square {
            let letters = String(decoding: inner, as: UTF8.self).filter(\.isLetter)
            if !letters.isEmpty, letters.allSatisfy(\.isUppercase) { return true }
        }
        return words.contains { word in
            let lowered = word.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
                default: nil
                }
            }
            return soundWords.contains(String(decoding: lowered, as: UTF8.self))
        }
    }
}

extension StringProtocol {
    /// Collapses whitespace only when the text has runs of it or line breaks (keeps the common case cheap).
    var collapsingWhitespaceIfNeeded: String {
        var previousSpace = false
        for byte in utf8 {
            let isSpace = byte == 0x20
            if byte == 0x0A || byte == 0x0D || byte == 0x09 || (isSpace && previousSpace) {
                return collapsingWhitespace
            }
            previousSpace = isSpace
        }
        return String(self)
    }
}
