/// Parses a Python list literal of strings, as pandas writes it: `['What is X?', "Isn't it?"]`.
enum PythonListLiteral {
    /// Why a literal could not be read, with the 0-based character offset.
    struct Invalid: Error {
        var offset: Int
        var reason: String
    }

    /// The strings in `text`; an empty or blank cell is an empty list.
    static func strings(_ text: String) throws(Invalid) -> [String] {
        let chars = Array(text.unicodeScalars)
        var index = 0
        func skipSpace() { while index < chars.count, chars[index].properties.isWhitespace { index += 1 } }
        skipSpace()
        guard index < chars.count else { return [] }
        guard chars[index] == "[" else { throw Invalid(offset: index, reason: "expected '[' to open a list") }
        index += 1
        var result: [String] = []
        while true {
            skipSpace()
            guard index < chars.count else { throw Invalid(offset: index, reason: "list is not closed with ']'") }
            if chars[index] == "]" { index += 1; break }
            let quote = chars[index]
            guard quote == "'" || quote == "\"" else {
                throw Invalid(offset: index, reason: "expected a quoted string, found '\(quote)'")
            }
            index += 1
            var value = String.UnicodeScalarView()
            var closed = false
            while index < chars.count {
                let scalar = chars[index]
                index += 1
                if scalar == quote { closed = true; break }
                guard scalar == "\\", index < chars.count else { value.append(scalar); continue }
                let escaped = chars[index]
                index += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\", "'", "\"": value.append(escaped)
                default: value.append("\\"); value.append(escaped)
                }
            }
            guard closed else { throw Invalid(offset: index, reason: "string is not closed") }
            result.append(String(value))
            skipSpace()
            guard index < chars.count else { throw Invalid(offset: index, reason: "list is not closed with ']'") }
            if chars[index] == "," { index += 1; continue }
            guard chars[index] == "]" else { throw Invalid(offset: index, reason: "expected ',' or ']'") }
            index += 1
            break
        }
        skipSpace()
        guard index == chars.count else { throw Invalid(offset: index, reason: "unexpected text after the list") }
        return result
    }
}
