/// A CSV with a `transcript` column, one episode per row (the reference bot's `summary_que_data.csv`).
///
/// Page chrome before the header is skipped. Recognised columns: `title`, `url`, `length` (seconds),
/// `publish_date`, `total_words`, `summary`, `questions` (a Python list literal); an index column
/// (`Unnamed: 0` or an empty header) is ignored. Transcript cells with inline `Name:` labels become one
/// segment per speaker turn.
public enum CSVTranscriptParser: TranscriptParser {
    /// `.csv`.
    public static let format = TranscriptFormat.csv

    /// Parses every row into a transcript.
    /// - Throws: `TranscriptError` with the header line when there is no `transcript` column, and with the
    ///   row's line for a broken quote, a wrong field count or an unreadable value.
    public static func parse(_ text: String, options: ParseOptions) throws -> [Transcript] {
        let bytes = Array(text.utf8)
        guard let header = CSVHeader.locate(in: bytes) else {
            throw TranscriptError(
                source: options.sourceName, line: 1, field: "transcript",
                reason: "no CSV header row found in the first \(CSVHeader.searchLines) lines")
        }
        let columns = header.fields.map { $0.trimmed.lowercased() }
        guard let transcriptColumn = columns.firstIndex(of: "transcript") else {
            throw TranscriptError(
                source: options.sourceName, line: header.line, field: "transcript",
                reason: "the CSV header has no `transcript` column (columns: \(header.fields.joined(separator: ", ")))")
        }
        var reader = CSVRecordReader(bytes: bytes, offset: header.bodyOffset, line: header.line + 1)
        var transcripts: [Transcript] = []
        while true {
            let record: CSVRecordReader.Record
            do {
                guard let next = try reader.next() else { break }
                record = next
            } catch {
                throw TranscriptError(
                    source: options.sourceName, line: error.line,
                    field: error.field < columns.count ? header.fields[error.field] : nil,
                    reason: "quoted field is never closed (unterminated quote)")
            }
            guard record.fields.count == columns.count else {
                throw TranscriptError(
                    source: options.sourceName, line: record.line,
                    reason: "row has \(record.fields.count) fields but the header has \(columns.count)")
            }
            let row = Row(fields: record.fields, columns: columns, line: record.line, options: options)
            transcripts.append(try row.transcript(transcriptColumn: transcriptColumn))
        }
        guard !transcripts.isEmpty else {
            throw TranscriptError(
                source: options.sourceName, line: header.line, reason: "no speech found: the CSV has no rows")
        }
        return transcripts
    }
}

extension CSVTranscriptParser {
    /// A CSV header with a transcript column, after up to 30 lines of chrome.
    public static func detects(_ sample: DetectionSample) -> Bool {
        CSVHeader.locate(in: Array(sample.text.utf8)) != nil
    }
}
