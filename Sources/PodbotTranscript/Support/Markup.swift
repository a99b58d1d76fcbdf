/// Strips subtitle markup: `<i>`, `<c.x>`, `<00:00:01.000>`, `{\an8}`, and decodes the usual entities.
enum Markup {
    /// The text without tags, with `&amp;`-style entities decoded.
    static func strip<S: StringProtocol>(_ text: S) -> String {
        let string = String(text)
        guard string.contains(where: { $0 == "<" || $0 == "{" || $0 == "&" }) else { return string }
        var result = ""
        var index = string.startIndex
        while index < string.endIndex {
            let character = string[index]
            if character == "<", let close = string[index...].firstIndex(of: ">") {
                index = string.index(after: close)
                continue
            }
            if character == "{", string[string.index(after: index)...].first == "\\",
                let close = string[index...].firstIndex(of: "}")
            {
                index = string.index(after: close)
                continue
            }
            if character == "&", let semicolon = string[index...].prefix(10).firstIndex(of: ";"),
                let decoded = entities[String(string[string.index(after: index)..<semicolon])]
            {
                result += decoded
                index = string.index(after: semicolon)
                continue
            }
            result.append(character)
            index = string.index(after: index)
        }
        return result
    }

    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "lrm": "", "rlm": "",
    ]
}
