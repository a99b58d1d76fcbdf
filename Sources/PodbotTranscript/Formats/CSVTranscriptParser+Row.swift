extension CSVTranscriptParser {
    /// One data row, with lookups by column name and errors that name the row's line and column.
    struct Row {
        var fields: [String]
        var columns: [String]
        var line: Int
        var options: ParseOptions

        func value(_ names: String...) -> String? {
            for name in names {
                if let index = columns.firstIndex(of: name) {
                    let value = fields[index].trimmed
                    return value.isEmpty ? nil : String(value)
                }
            }
            return nil
        }

        func error(_ field: String, _ reason: String) -> TranscriptError {
            TranscriptError(source: options.sourceName, line: line, field: field, reason: reason)
        }

        func transcript(transcriptColumn: Int) throws -> Transcript {
            let cell = fields[transcriptColumn]
            let segments = Self.segments(cell)
            guard segments.contains(where: { !$0.text.isEmpty }) else { throw error("transcript", "empty transcript") }
            var metadata = EpisodeMetadata(
                title: value("title"), show: value("show", "podcast"), url: value("url", "link"))
            if let length = value("length", "duration") {
                guard let seconds = Double(length), seconds >= 0 else {
                    throw error("length", "\"\(length)\" is not a number of seconds")
                }
                metadata.durationSeconds = seconds
            }
            if let date = value("publish_date", "published", "date") {
                guard let day = Self.isoDay(date) else {
                    throw error("publish_date", "\"\(date)\" is not a YYYY-MM-DD date")
                }
                metadata.published = day
            }
            if let words = value("total_words", "word_count") {
                guard let count = Double(words).map({ Int($0) }) else {
                    throw error("total_words", "\"\(words)\" is not a number")
                }
                metadata.declaredWords = count
            }
            var imported: ImportedEnrichment?
            let summary = value("summary")
            let questionCell = value("questions")
            if summary != nil || questionCell != nil {
                var questions: [String] = []
                if let questionCell {
                    do {
                        questions = try PythonListLiteral.strings(questionCell)
                    } catch {
                        throw self.error(
                            "questions", "not a list of strings (\(error.reason) at character \(error.offset))")
                    }
                }
                imported = ImportedEnrichment(summary: summary, questions: questions)
            }
            return Transcript(metadata: metadata, segments: segments, format: .csv, imported: imported)
        }

        /// Speaker turns when the cell has recurring `Name:` labels, else paragraphs.
        static func segments(_ cell: String) -> [Segment] {
            let labels = SpeakerLabels.labels(in: Array(cell.utf8))
            if labels.isEmpty {
                return ParagraphBuilder.paragraphs(cell).map { TranscriptBuilding.segment($0) }
            }
            return SpeakerLabels.turns(cell, labels: labels).map {
                TranscriptBuilding.segment($0.text, speaker: $0.speaker)
            }
        }

        /// `2023-02-02` or `2023-02-02 00:00:00` → `2023-02-02`.
        static func isoDay(_ text: String) -> String? {
            let day = text.prefix(10)
            let shape = day.enumerated().allSatisfy { offset, character in
                offset == 4 || offset == 7 ? character == "-" : character.isASCII && character.isNumber
            }
            guard day.count == 10, shape,
                text.count == 10 || text.dropFirst(10).first.map({ $0 == " " || $0 == "T" }) == true
            else { return nil }
            return String(day)
        }
    }
}
