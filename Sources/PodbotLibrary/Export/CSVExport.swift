import GRDB

extension Library {
    /// The reference bot's columns, in its order.
    public static let csvColumns = [
        "title", "url", "length", "publish_date", "transcript", "total_words", "summary", "questions",
    ]

    /// Writes episodes as CSV in the reference bot's schema, one row at a time
    /// (``LibrarySnapshot/exportCSV(episodes:write:)``, from one snapshot).
    public func exportCSV(episodes ids: [Int64]? = nil, write: @Sendable (String) throws -> Void) throws {
        try viewing { try $0.exportCSV(episodes: ids, write: write) }
    }

    /// Questions podbot generated if there are any, else the imported ones.
    static func preferred(_ questions: [EpisodeDetail.Question]) -> [EpisodeDetail.Question] {
        let generated = questions.filter { $0.origin == .generated }
        return generated.isEmpty ? questions : generated
    }

    /// Segments as one line, each labelled `Name:` where its speaker is known. Consecutive turns of one
    /// speaker keep their own labels, as in the source, so an exported CSV re-imports to the same segments.
    static func labelledTranscript(_ lines: [EpisodeDetail.TranscriptLine]) -> String {
        lines.filter { !$0.text.isEmpty }.map { line in
            line.speaker.map { "\($0): \(line.text)" } ?? line.text
        }.joined(separator: " ")
    }
}

extension LibrarySnapshot {
    /// Writes episodes (every episode, by id, when `ids` is `nil`) as CSV in the reference bot's schema, one row at
    /// a time, all from this snapshot: an import committing meanwhile is in the file whole or not at all.
    ///
    /// `transcript` joins the segments with inline `Name:` labels at each change of speaker, as the
    /// reference CSV does; `questions` is a Python list literal; unknown values are empty cells.
    /// Generated enrichments win over imported ones.
    /// - Throws: ``LibraryError`` (not found) for an id that is not there, before anything is written; what `write`
    ///   throws.
    public func exportCSV(episodes ids: [Int64]? = nil, write: (String) throws -> Void) throws {
        let all = try ids ?? episodes().map(\.id).sorted()
        for id in all where !(try hasEpisode(id)) {
            throw LibraryError.noEpisode(path: path, "\(id)")
        }
        try write(Library.csvColumns.joined(separator: ",") + "\r\n")
        for id in all {
            let detail = try episode(id, segments: nil)
            let questions = Library.preferred(detail.questions)
            let row: [String] = [
                detail.episode.title,
                detail.episode.url ?? "",
                detail.episode.durationSeconds.map { String(Int($0.rounded())) } ?? "",
                detail.episode.published ?? "",
                Library.labelledTranscript(detail.transcript),
                String(detail.episode.words),
                detail.summary ?? "",
                questions.isEmpty ? "" : PythonLiteral.list(questions.map(\.text)),
            ]
            try write(row.map(CSVField.quoted).joined(separator: ",") + "\r\n")
        }
    }
}

/// RFC 4180 quoting.
enum CSVField {
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Python literals as `repr()` writes them, for the reference CSV's `questions` column.
enum PythonLiteral {
    static func list(_ strings: [String]) -> String {
        "[" + strings.map(string).joined(separator: ", ") + "]"
    }

    static func string(_ value: String) -> String {
        let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default: out.append(character)
            }
        }
        out.append(quote)
        return out
    }
}
