/// Line and whitespace helpers that work on UTF-8 so large files stay linear-time.
///
/// Swift treats `"\r\n"` as one `Character`, so splitting on `Character("\n")` misses CRLF lines;
/// these helpers split on bytes instead.
enum TextLines {
    /// Splits `text` at `\n`, `\r\n` and lone `\r`. A trailing newline yields a final empty line.
    static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(text[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }
}

extension Unicode.Scalar {
    /// Whitespace test with an ASCII fast path (`properties` lookups are slow on hot paths).
    var isSpaceLike: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (including newlines and NBSP).
    var trimmed: Substring {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isSpaceLike { start = scalars.index(after: start) }
        while end > start {
            let previous = scalars.index(before: end)
            guard scalars[previous].isSpaceLike else { break }
            end = previous
        }
        return text[start..<end]
    }

    /// The range of the ASCII `pattern` (e.g. `"-->"`), searched on UTF-8 bytes.
    func rangeOfASCII(_ pattern: StaticString) -> Range<Index>? {
        let needle = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        guard let first = needle.first else { return nil }
        let bytes = utf8
        var index = bytes.startIndex
        while let hit = bytes[index...].firstIndex(of: first) {
            var probe = hit
            var matched = true
            for byte in needle {
                guard probe < bytes.endIndex, bytes[probe] == byte else { matched = false; break }
                probe = bytes.index(after: probe)
            }
            if matched { return hit..<probe }
            index = bytes.index(after: hit)
        }
        return nil
    }

    /// The index of the first ASCII `byte`, searched on UTF-8 bytes.
    func firstIndexOfASCII(_ byte: UInt8) -> Index? { utf8.firstIndex(of: byte) }

    /// True when the text is empty or only whitespace.
    var isBlank: Bool { unicodeScalars.allSatisfy(\.isSpaceLike) }

    /// The whitespace-separated words, in order.
    var words: [Substring] {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        var result: [Substring] = []
        var start: Substring.UnicodeScalarView.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if scalars[index].isSpaceLike {
                if let wordStart = start { result.append(text[wordStart..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { result.append(text[wordStart..<scalars.endIndex]) }
        return result
    }

    /// Words joined by single spaces: collapses runs of whitespace and line breaks, trims both ends.
    var collapsingWhitespace: String {
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
