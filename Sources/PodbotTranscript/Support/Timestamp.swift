/// Parses cue timestamps (`HH:MM:SS.mmm`, `MM:SS.mmm`, SRT's `HH:MM:SS,mmm`) into milliseconds.
enum Timestamp {
    /// Milliseconds for one timestamp, or `nil` when it is not a valid time.
    static func milliseconds<S: StringProtocol>(_ text: S) -> Int? {
        // Up to three colon-separated fields; kept in locals, this runs once per cue on large files.
        var fields = (0, 0, 0)
        var fieldCount = 0
        var current = 0
        var digits = 0
        var fraction = 0
        var fractionDigits = 0
        var inFraction = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let value = Int(byte - UInt8(ascii: "0"))
                if inFraction {
                    if fractionDigits < 3 { fraction = fraction * 10 + value }
                    fractionDigits += 1
                } else {
                    guard digits < 9 else { return nil }
                    current = current * 10 + value
                    digits += 1
                }
            case UInt8(ascii: ":"):
                guard !inFraction, digits > 0, fieldCount < 2 else { return nil }
                if fieldCount == 0 { fields.0 = current } else { fields.1 = current }
                fieldCount += 1
                current = 0
                digits = 0
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard !inFraction, digits > 0 else { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard digits > 0, !(inFraction && fractionDigits == 0), fieldCount >= 1 else { return nil }
        let (hours, minutes, seconds) = fieldCount == 2 ? (fields.0, fields.1, current) : (0, fields.0, current)
        guard seconds < 60, minutes < 60 || fieldCount == 1 else { return nil }
        var ms = fraction
        if fractionDigits == 1 { ms *= 100 } else if fractionDigits == 2 { ms *= 10 }
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms
    }

    /// Parses `start --> end [settings]`, returning both times and whatever follows the end time.
    static func range(_ line: Substring) -> (start: Int, end: Int, rest: Substring)? {
        guard let arrow = line.rangeOfASCII("-->") else { return nil }
        guard let start = milliseconds(line[..<arrow.lowerBound].trimmed) else { return nil }
        let after = line[arrow.upperBound...].trimmed
        let endToken = after[..<(after.utf8.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) ?? after.endIndex)]
        guard let end = milliseconds(endToken), end >= start else { return nil }
        return (start, end, after[endToken.endIndex...].trimmed)
    }

    /// Seconds from milliseconds, for `EpisodeMetadata.durationSeconds`.
    static func seconds(_ ms: Int) -> Double { Double(ms) / 1000 }
}
