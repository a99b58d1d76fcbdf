/// Finds a CSV header row, possibly after lines of page chrome (a saved web page of a CSV).
enum CSVHeader {
    /// How many lines from the top may hold chrome before the header.
    static let searchLines = 30

    /// A header row, its 1-based line and where the data starts.
    struct Located {
        var fields: [String]
        var line: Int
        var bodyOffset: Int
    }

    /// The first line that looks like a header (3+ short name-like fields, at most one empty) and is
    /// followed by a record with the same number of fields (or names a `transcript` column).
    static func locate(in bytes: [UInt8]) -> Located? {
        var offset = 0
        var line = 1
        while offset < bytes.count, line <= searchLines {
            var end = offset
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var reader = CSVRecordReader(bytes: bytes, offset: offset, line: line)
            if let record = try? reader.next(), record.line == line, reader.line == line + 1 || end == bytes.count,
                looksLikeHeader(record.fields)
            {
                var body = reader
                let first = try? body.next()
                if first?.fields.count == record.fields.count || record.fields.contains(where: isTranscriptColumn) {
                    return Located(fields: record.fields, line: line, bodyOffset: reader.offset)
                }
            }
            offset = end + 1
            line += 1
        }
        return nil
    }

    /// A header naming the transcript column is a CSV even when a row is malformed (reported by the parser).
    private static func isTranscriptColumn(_ field: String) -> Bool { field.trimmed.lowercased() == "transcript" }

    private static func looksLikeHeader(_ fields: [String]) -> Bool {
        guard fields.count >= 3, fields.filter(\.isEmpty).count <= 1 else { return false }
        return fields.allSatisfy { field in
            field.isEmpty
                || (field.count <= 40 && field.first?.isLetter == true
                    && field.allSatisfy { $0.isLetter || $0.isNumber || " _-:.()".contains($0) })
        }
    }
}
