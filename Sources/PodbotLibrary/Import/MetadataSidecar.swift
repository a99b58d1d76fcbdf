import Foundation
import PodbotTranscript

/// Metadata given in a JSON file (`--meta`): either one object for every file of the batch, or an
/// object keyed by file name (`{"episode.vtt": {...}}`).
///
/// Keys: `title`, `show`, `url`, `published` (or `date`, `YYYY-MM-DD`), `duration_seconds`, `hosts`,
/// `guests`, `speakers`. Unknown keys are an error, so a typo is never silently ignored.
public struct MetadataSidecar: Sendable {
    public struct Entry: Sendable, Equatable {
        public var metadata: EpisodeMetadata
        public var speakers: [String]
    }

    private var shared: Entry?
    private var perFile: [String: Entry]

    /// The entry for `path` (matched by file name, then by full path), if any.
    public func entry(for path: String) -> Entry? {
        perFile[URL(fileURLWithPath: path).lastPathComponent] ?? perFile[path] ?? shared
    }

    public init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TranscriptError(source: path, reason: "cannot read the metadata file")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TranscriptError(source: path, reason: "metadata must be a JSON object")
        }
        let isPerFile = !object.isEmpty && object.values.allSatisfy { $0 is [String: Any] }
        if isPerFile {
            perFile = try object.mapValues { try Self.entry($0 as! [String: Any], source: path) }
            shared = nil
        } else {
            perFile = [:]
            shared = try Self.entry(object, source: path)
        }
    }

    static func entry(_ object: [String: Any], source: String) throws -> Entry {
        var metadata = EpisodeMetadata()
        var speakers: [String] = []
        for (key, value) in object {
            func string() throws -> String {
                guard let text = value as? String else {
                    throw TranscriptError(source: source, field: key, reason: "must be a string")
                }
                return text
            }
            func strings() throws -> [String] {
                guard let list = value as? [String] else {
                    throw TranscriptError(source: source, field: key, reason: "must be a list of strings")
                }
                return list
            }
            switch key {
            case "title": metadata.title = try string()
            case "show": metadata.show = try string()
            case "url": metadata.url = try string()
            case "published", "date":
                metadata.published = try PublishDate.validated(try string(), source: source, field: key)
            case "duration_seconds":
                guard let number = value as? Double, number >= 0 else {
                    throw TranscriptError(source: source, field: key, reason: "must be a number of seconds")
                }
                metadata.durationSeconds = number
            case "hosts": metadata.hosts = try strings()
            case "guests": metadata.guests = try strings()
            case "speakers": speakers = try strings()
            default:
                throw TranscriptError(
                    source: source, field: key,
                    reason:
                        "unknown key (expected title, show, url, published, duration_seconds, hosts, guests, speakers)")
            }
        }
        return Entry(metadata: metadata, speakers: speakers)
    }
}

/// Publication dates are `YYYY-MM-DD` calendar dates.
public enum PublishDate {
    /// `text` when it is a real `YYYY-MM-DD` day.
    /// - Throws: `TranscriptError` naming `source` and `field`.
    public static func validated(_ text: String, source: String, field: String) throws -> String {
        guard isDay(text) else {
            throw TranscriptError(source: source, field: field, reason: "\"\(text)\" is not a date in YYYY-MM-DD form")
        }
        return text
    }

    /// True for a `YYYY-MM-DD` day that exists (2024-02-29 does, 2023-02-29 and 2023-13-45 do not).
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), year > 0
        else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }

    /// 28 to 31, by the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
