import Foundation

/// Splits an answer into sentences and takes each one's `[n]` markers out of its text.
enum SentenceSplitter {
    struct Piece: Equatable {
        /// The sentence without markers, whitespace collapsed.
        var text: String
        /// Marker numbers in the sentence, in order, without repeats; markers right after a sentence's end
        /// ("claim. [1]") belong to it.
        var markers: [Int]
    }

    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var markers: [Int] = []
        let characters = Array(text)
        var index = 0
        // Where the sentence's text stood after its last marker: "[1] and [2]" joins two markers, and the "and"
        // goes with them.
        var afterMarker: Int?
        func flush() {
            let body = current.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !body.isEmpty {
                pieces.append(Piece(text: body, markers: markers))
            } else if !markers.isEmpty, !pieces.isEmpty {
                for n in markers where !pieces[pieces.count - 1].markers.contains(n) {
                    pieces[pieces.count - 1].markers.append(n)
                }
            }
            current = ""
            markers = []
            afterMarker = nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == "[", let (numbers, end) = marker(characters, at: index) {
                let hasWords = current.contains { $0.isLetter || $0.isNumber }
                if !hasWords, !pieces.isEmpty {
                    // Markers that open a sentence close the one before ("claim. [1] Next …").
                    for n in numbers where !pieces[pieces.count - 1].markers.contains(n) {
                        pieces[pieces.count - 1].markers.append(n)
                    }
                } else {
                    for n in numbers where !markers.contains(n) { markers.append(n) }
                }
                if let start = afterMarker, start <= current.count,
                    joiners.contains(current.dropFirst(start).trimmingCharacters(in: .whitespaces).lowercased())
                {
                    current.removeLast(current.count - start)
                }
                // Drop the space before the marker so "fast [1].ai" reads "fast.ai".
                while current.last == " " { current.removeLast() }
                // A marker read as a noun ("mentioned in [2] is", "in the passage [1] by saying") takes the words
                // that point at it along, or the sentence reads "mentioned in is".
                if let reference = passageReference(before: current) {
                    current.removeLast(reference)
                    while current.last == " " { current.removeLast() }
                }
                afterMarker = current.count
                index = end
                if index < characters.count, characters[index].isLetter || characters[index].isNumber {
                    current.append(" ")
                }
                continue
            }
            current.append(character)
            index += 1
            if character == "\n" {
                flush()
            } else if ".!?".contains(character) {
                // A sentence ends at . ! ? before whitespace, a marker, a quote or the end; not inside "fast.ai"
                // or "3.5".
                guard index >= characters.count || characters[index].isWhitespace || "[\"”)".contains(characters[index])
                else { continue }
                // Nor inside a number the model spaced ("put $1. 5 million into Kaggle"): cut there, "put $1" reads
                // as an answer and the rest goes.
                if character == ".", index >= 2, characters[index - 2].isNumber, index + 1 < characters.count,
                    characters[index] == " ", characters[index + 1].isNumber
                {
                    continue
                }
                // A quotation or parenthesis that closes with the sentence ("… understand, "Is it working?" It …")
                // stays with it instead of opening the next one; so does a quote mark after a space when the
                // sentence holds an unclosed quotation ("… this thing works. " And …").
                var close = index
                if close < characters.count, characters[close] == " ", current.filter({ $0 == "\"" }).count % 2 == 1 {
                    close += 1
                }
                if close < characters.count, "\"”)".contains(characters[close]),
                    close + 1 >= characters.count || characters[close + 1].isWhitespace || characters[close + 1] == "["
                {
                    current.append(characters[close])
                    index = close + 1
                }
                // Markers right after the end ("claim. [1]") belong to this sentence.
                var look = index
                while true {
                    var next = look
                    while next < characters.count, characters[next] == " " { next += 1 }
                    guard next < characters.count, characters[next] == "[",
                        let (numbers, end) = marker(characters, at: next)
                    else { break }
                    for n in numbers where !markers.contains(n) { markers.append(n) }
                    look = end
                }
                index = look
                flush()
            }
        }
        flush()
        return pieces
    }

    /// How many characters at the end of `text` point at a passage ("in", "from the passage", "in passages"), when
    /// words come before them; `nil` otherwise. "Passage" without a preposition stays ("as the passage [2] says"),
    /// and so does "see" ("as you can see [1]").
    static func passageReference(before text: String) -> Int? {
        let words = text.split(separator: " ")
        var count = 0
        if let last = words.last, ["passage", "passages"].contains(last.lowercased()) {
            count = words.count >= 2 && words[words.count - 2].lowercased() == "the" ? 2 : 1
        }
        guard words.count > count + 1, ["in", "from"].contains(words[words.count - count - 1].lowercased())
        else { return nil }
        let first = words[words.count - count - 1]
        return text.distance(from: first.startIndex, to: text.endIndex)
    }

    /// What may stand between two markers and goes with them: "[1] and [2]" is "[1][2]".
    static let joiners: Set<String> = [",", "and", ", and", "or", "&", ";"]

    /// The numbers of a `[1]`, `[1, 2]` marker at `start`, and the index after it.
    static func marker(_ characters: [Character], at start: Int) -> ([Int], Int)? {
        guard let close = characters[start...].firstIndex(of: "]"), close - start <= 24 else { return nil }
        let body = String(characters[(start + 1)..<close])
        let parts = body.split(whereSeparator: { $0 == "," || $0 == ";" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let numbers = parts.compactMap { Int($0) }
        guard !numbers.isEmpty, numbers.count == parts.count else { return nil }
        return (numbers, close + 1)
    }
}
