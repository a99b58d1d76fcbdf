import Foundation
import PodbotLibrary

/// Podcasting 2.0 JSON chapters (version 1.2): `{"version": "1.2.0", "chapters": [{"startTime", "title", "endTime",
/// "url", "img", "toc"}]}`.
public enum ChaptersParser {
    /// The chapters in time order. Chapters without a title (image-only markers) are left out.
    /// - Throws: `FeedError` naming the field at fault (`chapters[2].startTime`).
    public static func parse(_ data: [UInt8], source: String) throws -> [CreatorChapter] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw FeedError(source: source, reason: "not JSON chapters: \((error as NSError).localizedDescription)")
        }
        guard let object = root as? [String: Any], let list = object["chapters"] else {
            throw FeedError(source: source, field: "chapters", reason: "missing: not a JSON chapters document")
        }
        guard let entries = list as? [Any] else {
            throw FeedError(source: source, field: "chapters", reason: "is not a list")
        }
        var chapters: [CreatorChapter] = []
        for (index, entry) in entries.enumerated() {
            let field = "chapters[\(index)]"
            guard let chapter = entry as? [String: Any] else {
                throw FeedError(source: source, field: field, reason: "is not an object")
            }
            guard let start = try seconds(chapter["startTime"], source: source, field: field + ".startTime") else {
                throw FeedError(source: source, field: field + ".startTime", reason: "missing")
            }
            let end = try seconds(chapter["endTime"], source: source, field: field + ".endTime")
            guard let title = (chapter["title"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !title.isEmpty
            else { continue }
            chapters.append(
                CreatorChapter(
                    startSeconds: start, endSeconds: end.flatMap { $0 >= start ? $0 : nil }, title: title,
                    url: chapter["url"] as? String, image: chapter["img"] as? String,
                    toc: (chapter["toc"] as? Bool) ?? true))
        }
        return chapters.enumerated().sorted {
            ($0.element.startSeconds, $0.offset) < ($1.element.startSeconds, $1.offset)
        }
        .map(\.element)
    }

    private static func seconds(_ value: Any?, source: String, field: String) throws -> Double? {
        guard let value, !(value is NSNull) else { return nil }
        let number: Double? =
            if let string = value as? String { Double(string) } else { (value as? NSNumber)?.doubleValue }
        guard let number, number.isFinite, number >= 0, number < 1e8 else {
            throw FeedError(source: source, field: field, reason: "\(value) is not a time in seconds")
        }
        return number
    }
}
