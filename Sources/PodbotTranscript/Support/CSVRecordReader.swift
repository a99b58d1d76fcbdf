/// Reads RFC 4180 CSV records from UTF-8 bytes: quoted fields, `""` escapes, line breaks inside quotes.
///
/// Records are read one at a time so a caller can start after page chrome and report 1-based line numbers.
struct CSVRecordReader {
    /// A record and the line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// A quoted field that never closes.
    struct UnterminatedQuote: Error {
        /// Line where the record starts.
        var line: Int
        /// 0-based index of the field that is open.
        var field: Int
    }

    private let bytes: [UInt8]
    private(set) var offset: Int
    private(set) var line: Int

    /// Starts reading at `offset`, which is on line `line` (1-based).
    init(bytes: [UInt8], offset: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.offset = offset
        self.line = line
    }

    /// The next non-empty record, or `nil` at the end of input.
    mutating func next() throws(UnterminatedQuote) -> Record? {
        while offset < bytes.count, bytes[offset] == 0x0A || bytes[offset] == 0x0D {
            if bytes[offset] == 0x0A { line += 1 }
            offset += 1
        }
        guard offset < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldStart = true
        while offset < bytes.count {
            let byte = bytes[offset]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        offset += 2
                        continue
                    }
                    quoted = false
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                offset += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where fieldStart:
                quoted = true
                fieldStart = false
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                fieldStart = true
                offset += 1
                continue
            case 0x0A, 0x0D:
                if byte == 0x0D, offset + 1 < bytes.count, bytes[offset + 1] == 0x0A { offset += 1 }
                offset += 1
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(fields: fields, line: startLine)
            default:
                field.append(byte)
                fieldStart = false
            }
            offset += 1
        }
        if quoted { throw UnterminatedQuote(line: startLine, field: fields.count) }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(fields: fields, line: startLine)
    }
}
