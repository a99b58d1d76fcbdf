/// Turns a file's bytes into text: UTF-8 (with or without BOM) or BOM-marked UTF-16, nothing else.
public enum TranscriptDecoder {
    /// Decodes `bytes` as a transcript's text.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: the name used in errors (usually the path).
    /// - Throws: `TranscriptError` for empty or whitespace-only input ("empty file"), binary data
    ///   ("binary file, not a transcript"), and invalid UTF-8 (with the line and byte offset).
    public static func decode(_ bytes: [UInt8], source: String) throws -> String {
        guard !bytes.isEmpty else { throw TranscriptError(source: source, reason: "empty file") }
        let text: String
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            text = try decodeUTF16(bytes, bigEndian: bytes[0] == 0xFE, source: source)
        } else {
            if let kind = BinarySignature.match(bytes) {
                throw TranscriptError(source: source, reason: "binary file, not a transcript (looks like \(kind))")
            }
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
            if let problem = UTF8Validation.firstError(in: body) {
                throw TranscriptError(
                    source: source, line: problem.line,
                    reason: "invalid UTF-8 at byte offset \(problem.offset + (bytes.count - body.count)); "
                        + "re-save the file as UTF-8")
            }
            text = String(decoding: body, as: UTF8.self)
        }
        guard !text.isBlank else { throw TranscriptError(source: source, reason: "empty file") }
        return text
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool, source: String) throws -> String {
        guard bytes.count % 2 == 0 else {
            throw TranscriptError(source: source, reason: "invalid UTF-16: odd number of bytes")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        var index = 2
        while index + 1 < bytes.count {
            let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var line = 1
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\u{0}" {
                    throw TranscriptError(
                        source: source, line: line, reason: "binary file, not a transcript (NUL character)")
                }
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .emptyInput:
                break loop
            case .error:
                throw TranscriptError(source: source, line: line, reason: "invalid UTF-16 (unpaired surrogate)")
            }
        }
        return String(scalars)
    }
}
