import Foundation

/// Reads JSON transcripts with Foundation and turns problems into `TranscriptError`s with a field path.
enum JSONInput {
    /// The top-level object of `text`.
    static func object(_ text: String, options: ParseOptions) throws -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw TranscriptError(
                source: options.sourceName, line: detail.flatMap { lineNumber($0, in: text) },
                reason: "malformed JSON" + (detail.map { ": \($0)" } ?? ""))
        }
        guard let object = value as? [String: Any] else {
            throw TranscriptError(
                source: options.sourceName, line: 1, reason: "expected a JSON object at the top level")
        }
        return object
    }

    /// The `segments` array as objects.
    static func segments(_ object: [String: Any], options: ParseOptions) throws -> [[String: Any]]? {
        guard let raw = object["segments"] else { return nil }
        guard let list = raw as? [Any] else {
            throw TranscriptError(source: options.sourceName, field: "segments", reason: "expected an array")
        }
        return try list.enumerated().map { offset, item in
            guard let segment = item as? [String: Any] else {
                throw TranscriptError(
                    source: options.sourceName, field: "segments[\(offset)]", reason: "expected an object")
            }
            return segment
        }
    }

    /// A time in seconds as milliseconds; `nil` when absent, an error when present but not a number.
    static func milliseconds(_ segment: [String: Any], _ key: String, index: Int, options: ParseOptions) throws -> Int?
    {
        guard let raw = segment[key], !(raw is NSNull) else { return nil }
        let seconds: Double?
        if let number = raw as? Double {
            seconds = number
        } else if let number = raw as? Int {
            seconds = Double(number)
        } else if let number = raw as? NSNumber {
            seconds = number.doubleValue
        } else if let string = raw as? String {
            seconds = Double(string) ?? Timestamp.milliseconds(string).map { Double($0) / 1000 }
        } else {
            seconds = nil
        }
        guard let seconds, seconds.isFinite, seconds >= 0 else {
            throw TranscriptError(
                source: options.sourceName, field: "segments[\(index)].\(key)",
                reason: "\(raw) is not a time in seconds")
        }
        return Int((seconds * 1000).rounded())
    }

    /// A string field; an error when present but not a string.
    static func string(_ segment: [String: Any], _ key: String, index: Int, options: ParseOptions) throws -> String? {
        guard let raw = segment[key], !(raw is NSNull) else { return nil }
        guard let string = raw as? String else {
            throw TranscriptError(
                source: options.sourceName, field: "segments[\(index)].\(key)", reason: "expected a string")
        }
        return string
    }

    /// The line Foundation's parser message points at: "line 3" directly, or "character 93" counted in `text`.
    private static func lineNumber(_ message: String, in text: String) -> Int? {
        if let range = message.range(of: "line ") {
            return Int(message[range.upperBound...].prefix(while: \.isNumber))
        }
        guard let range = message.range(of: "character "),
            let offset = Int(message[range.upperBound...].prefix(while: \.isNumber))
        else { return nil }
        return text.utf8.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
