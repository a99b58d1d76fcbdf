/// Turns a stream of token bytes into whole UTF-8 characters.
///
/// A token can end in the middle of a multi-byte character (emoji, CJK); those bytes wait for the next token.
/// Bytes that can never become valid UTF-8 are replaced with U+FFFD rather than held forever.
struct UTF8Accumulator {
    private var pending: [UInt8] = []

    /// Appends `bytes` and returns the text that is now complete.
    mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        let complete = Self.completePrefixLength(pending)
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Whatever is still pending, decoded with replacement characters (at the end of a generation).
    mutating func flush() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Length of the longest prefix that does not end inside an incomplete (but so far valid) character.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        // Look back at most 3 bytes for the lead byte of a character that is still incomplete.
        var i = bytes.count - 1
        var continuation = 0
        while i >= 0, i >= bytes.count - 4 {
            let byte = bytes[i]
            if byte & 0xC0 == 0x80 {
                continuation += 1
                i -= 1
                continue
            }
            let needed: Int
            switch byte {
            case 0xC2...0xDF: needed = 1
            case 0xE0...0xEF: needed = 2
            case 0xF0...0xF4: needed = 3
            default: return bytes.count  // ASCII or an invalid lead byte: nothing to wait for
            }
            return continuation < needed ? i : bytes.count
        }
        return bytes.count
    }
}
