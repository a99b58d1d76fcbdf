/// Finds `Name:` speaker labels at line starts or inline after a sentence end, and cuts text into turns.
///
/// A label is 1–3 capitalised words followed by a colon and whitespace, at the start of a line or right
/// after sentence-ending punctuation (or an interruption dash). A name counts only when it recurs as a
/// label, which filters out "Note: ..." and "the thing is: ...".
enum SpeakerLabels {
    /// One accepted label: the speaker, where the label starts and where the speech after it starts.
    struct Label {
        var name: String
        var labelStart: Int
        var textStart: Int
    }

    /// Words that look like labels but introduce asides, not speakers.
    private static let notSpeakers: Set<String> = [
        "note", "notes", "nb", "ps", "update", "edit", "warning", "caution", "example", "source", "summary",
        "transcript", "disclaimer", "important", "tip", "step", "chapter", "part", "title", "url", "http", "https",
    ]

    /// Labels of names that occur as a label at least `minimumRepeats` times, in text order (UTF-8 offsets).
    static func labels(in bytes: [UInt8], minimumRepeats: Int = 2) -> [Label] {
        var found: [Label] = []
        var counts: [String: Int] = [:]
        var strays: [Label] = []
        for colon in bytes.indices where bytes[colon] == UInt8(ascii: ":") {
            guard colon + 1 == bytes.count || isSpace(bytes[colon + 1]), colon > 0 else { continue }
            var textStart = colon + 1
            while textStart < bytes.count, isSpace(bytes[textStart]) { textStart += 1 }
            if let (start, name) = labelName(endingAt: colon, in: bytes) {
                found.append(Label(name: name, labelStart: start, textStart: textStart))
                counts[name, default: 0] += 1
            } else if let (start, name) = labelName(endingAt: colon, in: bytes, anywhere: true) {
                strays.append(Label(name: name, labelStart: start, textStart: textStart))
            }
        }
        let accepted = Set(counts.filter { $0.value >= minimumRepeats }.keys)
        // A recurring speaker's label missing its sentence end ("... we're talking Lukas: Totally.") still counts.
        return (found + strays).filter { accepted.contains($0.name) }.sorted { $0.labelStart < $1.labelStart }
    }

    /// The speaker turns of `text`: text before the first label has a `nil` speaker.
    static func turns(_ text: String, labels: [Label]) -> [(speaker: String?, text: String)] {
        let bytes = Array(text.utf8)
        var turns: [(speaker: String?, text: String)] = []
        let firstStart = labels.first?.labelStart ?? bytes.count
        let preamble = String(decoding: bytes[0..<firstStart], as: UTF8.self).trimmed
        if !preamble.isEmpty { turns.append((nil, String(preamble))) }
        for (offset, label) in labels.enumerated() {
            let end = offset + 1 < labels.count ? labels[offset + 1].labelStart : bytes.count
            let body = String(decoding: bytes[min(label.textStart, end)..<end], as: UTF8.self)
            turns.append((label.name, body.collapsingWhitespace))
        }
        return turns
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Bytes that can belong to a name word: letters, digits, apostrophe, hyphen, period, and any non-ASCII.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "'"), UInt8(ascii: "-"), UInt8(ascii: "."), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    /// The shortest run of 1–3 capitalised words ending at `colon` that starts at a label boundary.
    /// With `anywhere`, any word boundary will do (used only for names already known as speakers).
    private static func labelName(endingAt colon: Int, in bytes: [UInt8], anywhere: Bool = false) -> (Int, String)? {
        var position = colon
        var words: [String] = []
        for _ in 0..<3 {
            var start = position
            while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
            guard start < position, position - start <= 30 else { return nil }
            let word = String(decoding: bytes[start..<position], as: UTF8.self)
            guard let first = word.first, first.isUppercase, first.isLetter, word.last != "." else { return nil }
            words.insert(word, at: 0)
            if anywhere ? (start == 0 || isSpace(bytes[start - 1])) : atBoundary(start, in: bytes) {
                guard !notSpeakers.contains(words[0].lowercased()) else { return nil }
                return (start, words.joined(separator: " "))
            }
            guard start > 0, bytes[start - 1] == 0x20 else { return nil }
            position = start - 1
        }
        return nil
    }

    /// True at the text start, a line start, or after whitespace that follows a sentence end or dash.
    private static func atBoundary(_ start: Int, in bytes: [UInt8]) -> Bool {
        var index = start
        var sawNewline = false
        var sawSpace = false
        while index > 0, isSpace(bytes[index - 1]) {
            if bytes[index - 1] == 0x0A || bytes[index - 1] == 0x0D { sawNewline = true }
            sawSpace = true
            index -= 1
        }
        if index == 0 || sawNewline { return true }
        guard sawSpace else { return false }
        let previous = bytes[index - 1]
        if "\".?!)]-".utf8.contains(previous) { return true }
        // Multi-byte closers: … ” ’ — – all encode as E2 80 xx.
        if index >= 3, bytes[index - 3] == 0xE2, bytes[index - 2] == 0x80 {
            return [0xA6, 0x9D, 0x99, 0x94, 0x93].contains(bytes[index - 1])
        }
        return false
    }
}
