/// A strict UTF-8 validator that says where the first bad byte is.
enum UTF8Validation {
    /// The first invalid sequence: byte offset within the input and 1-based line.
    struct Problem: Equatable {
        var offset: Int
        var line: Int
    }

    /// The first invalid byte sequence in `bytes`, or `nil` when all of it is valid UTF-8.
    static func firstError(in bytes: ArraySlice<UInt8>) -> Problem? {
        var line = 1
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0x0A { line += 1 }
                index += 1
                continue
            }
            let length: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return Problem(offset: index - bytes.startIndex, line: line)
            }
            guard index + length <= end else { return Problem(offset: index - bytes.startIndex, line: line) }
            for position in 1..<length {
                let byte = bytes[index + position]
                let (low, high) = position == 1 ? (lowest, highest) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= low, byte <= high else { return Problem(offset: index - bytes.startIndex, line: line) }
            }
            index += length
        }
        return nil
    }
}
