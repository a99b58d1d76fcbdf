import Foundation
import PodbotLibrary
import PodbotRetrieval

/// The few places HTML is built in Swift rather than by a template; each escapes its text first.
enum HTML {
    /// `text` safe in element content and in quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A search snippet with its `«matched»` words in `<mark>`.
    static func snippet(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "«", with: "<mark>").replacingOccurrences(of: "»", with: "</mark>")
    }

    /// An answer with each `[n]` marker linked to the cited passage's transcript anchor.
    static func answer(_ text: String, sources: [AskResult.Source]) -> String {
        var html = escape(text)
        for source in sources {
            html = html.replacingOccurrences(
                of: "[\(source.n)]",
                with:
                    "<a class=\"cite\" href=\"/episodes/\(source.episodeID)?passage=\(source.passageID)#p-\(source.passageID)\">[\(source.n)]</a>"
            )
        }
        return html.replacingOccurrences(of: "\n", with: "<br>")
    }

    /// `url` when it is an http(s) link, else `nil` (no `javascript:` links from imported metadata).
    static func safeLink(_ url: String?) -> String? {
        guard let url, let scheme = URLComponents(string: url)?.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { return nil }
        return url
    }

    /// `H:MM:SS` or `M:SS` as prompts and answers write times (``TimeFormat``); `nil` when there is no valid time.
    static func clock(_ seconds: Double?) -> String? {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return nil }
        return TimeFormat.clock(seconds)
    }

    /// A query string value.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
