import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an RSS 2.0 feed with the iTunes and Podcasting 2.0 namespaces (Foundation's `XMLParser`).
///
/// Elements are matched by namespace URI, or by their usual prefix (`itunes:`, `podcast:`) when a feed binds it
/// to another URI, as some do with the namespace's older GitHub address.
public enum FeedParser {
    /// Parses a feed document. `source` names it in errors.
    /// - Throws: `FeedError` naming the line for malformed XML, or saying what the document is when it is not RSS.
    public static func parse(_ data: [UInt8], source: String) throws -> FeedDocument {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(data))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        // libxml2 (Foundation's XMLParser on Linux) can report an error and still return true: either fails.
        if !parser.parse() || delegate.error != nil {
            let error = delegate.error ?? parser.parserError
            let line = delegate.errorLine ?? parser.lineNumber
            let underlying = error.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw FeedError(source: source, line: line > 0 ? line : nil, reason: "not well-formed XML (\(underlying))")
        }
        if delegate.sawAtom {
            throw FeedError(source: source, reason: "an Atom feed; podbot reads RSS 2.0 podcast feeds")
        }
        guard delegate.sawChannel else {
            throw FeedError(source: source, reason: "not an RSS feed: it has no <rss><channel>")
        }
        return FeedDocument(channel: delegate.channel, items: delegate.items)
    }

    /// `pubDate` (RFC 822, with or without the weekday; or ISO 8601) as `YYYY-MM-DD`, the date as written.
    static func date(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count >= 10, trimmed.prefix(4).allSatisfy(\.isNumber) {
            let iso = String(trimmed.prefix(10))
            return iso.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil ? iso : nil
        }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let tokens = trimmed.split { $0 == " " || $0 == "," }.map(String.init)
        guard let monthIndex = tokens.firstIndex(where: { months.contains(String($0.prefix(3)).lowercased()) }),
            monthIndex > 0, monthIndex + 1 < tokens.count,
            let month = months.firstIndex(of: String(tokens[monthIndex].prefix(3)).lowercased()),
            let day = Int(tokens[monthIndex - 1]), (1...31).contains(day),
            let year = Int(tokens[monthIndex + 1]), (1900...9999).contains(year)
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month + 1, day)
    }

    /// `itunes:duration`: seconds (`3600`, `3600.5`), `MM:SS` or `H:MM:SS`.
    static func duration(_ text: String) -> Double? {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part), value.isFinite, value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total > 0 && total < 1e7 ? total : nil
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var channel = FeedChannel()
        var items: [FeedItem] = []
        var sawChannel = false
        var sawAtom = false
        /// The first error the parser reported, and its line.
        var error: (any Error)?
        var errorLine: Int?
        private var stack: [String] = []
        private var text = ""
        private var item: ItemDraft?
        private var personDraft: (role: String, inItem: Bool)?

        private struct ItemDraft {
            var guid: String?
            var title: String?
            var pubDate: String?
            var duration: String?
            var link: String?
            var description: String?
            var summary: String?
            var enclosure: FeedEnclosure?
            var transcripts: [FeedTranscriptLink] = []
            var chapters: FeedResourceLink?
            var persons: [FeedPerson] = []
        }

        private static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
        private static let podcast: Set<String> = [
            "https://podcastindex.org/namespace/1.0",
            "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
        ]

        /// `itunes:duration`, `podcast:transcript`, plain `title`: a name the rest of the parser can switch on.
        private static func name(_ local: String, uri: String?, qualified: String?) -> String {
            let prefix = qualified?.split(separator: ":").dropLast().first.map(String.init)
            if uri == itunes || prefix == "itunes" { return "itunes:" + local }
            if let uri, podcast.contains(uri) { return "podcast:" + local }
            if prefix == "podcast" { return "podcast:" + local }
            if uri == "http://www.w3.org/2005/Atom" {
                return local == "feed" ? "atom:feed" : "atom:" + local
            }
            if let uri, !uri.isEmpty { return "other:" + local }
            return local
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes: [String: String] = [:]
        ) {
            let name = Self.name(elementName, uri: namespaceURI, qualified: qName)
            let parent = stack.last
            stack.append(name)
            text = ""
            switch (parent, name) {
            case (nil, "atom:feed"): sawAtom = true
            case ("rss", "channel"): sawChannel = true
            case ("channel", "item"): item = ItemDraft()
            case ("item", "enclosure"):
                if let url = attributes["url"]?.trimmed, !url.isEmpty {
                    item?.enclosure = FeedEnclosure(
                        url: url, type: attributes["type"], length: attributes["length"].flatMap { Int($0) })
                }
            case ("item", "podcast:transcript"):
                if let url = attributes["url"]?.trimmed, !url.isEmpty, let type = attributes["type"] {
                    item?.transcripts.append(
                        FeedTranscriptLink(
                            url: url, type: type, language: attributes["language"], rel: attributes["rel"]))
                }
            case ("item", "podcast:chapters"):
                if let url = attributes["url"]?.trimmed, !url.isEmpty {
                    item?.chapters = FeedResourceLink(url: url, type: attributes["type"])
                }
            case ("item", "podcast:person"), ("channel", "podcast:person"):
                personDraft = ((attributes["role"] ?? "host").lowercased(), parent == "item")
            case ("channel", "itunes:image"):
                if let href = attributes["href"], channel.image == nil { channel.image = href }
            default: break
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            guard error == nil else { return }
            error = parseError
            errorLine = parser.lineNumber
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            text += String(decoding: block, as: UTF8.self)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            let name = stack.popLast() ?? elementName
            let parent = stack.last
            let value = text.trimmed
            text = ""
            switch (parent, name) {
            case ("channel", "title"): channel.title = value.nonEmpty
            case ("channel", "itunes:author"): channel.author = value.nonEmpty
            case ("channel", "author"): channel.author = channel.author ?? value.nonEmpty
            case ("channel", "language"): channel.language = value.nonEmpty
            case ("channel", "link"): channel.link = value.nonEmpty
            case ("image", "url") where stack.dropLast().last == "channel": channel.image = value.nonEmpty
            case ("item", "guid"): item?.guid = value.nonEmpty
            case ("item", "title"): item?.title = value.nonEmpty
            case ("item", "pubDate"): item?.pubDate = value.nonEmpty
            case ("item", "itunes:duration"): item?.duration = value.nonEmpty
            case ("item", "link"): item?.link = value.nonEmpty
            case ("item", "description"): item?.description = value.nonEmpty
            case ("item", "itunes:summary"): item?.summary = value.nonEmpty
            case ("item", "podcast:person"), ("channel", "podcast:person"):
                if let draft = personDraft, let person = value.nonEmpty {
                    if draft.inItem {
                        item?.persons.append(FeedPerson(name: person, role: draft.role))
                    } else {
                        channel.persons.append(FeedPerson(name: person, role: draft.role))
                    }
                }
                personDraft = nil
            case ("channel", "item"):
                if let draft = item { finish(draft) }
                item = nil
            default: break
            }
        }

        private func finish(_ draft: ItemDraft) {
            // Without a guid, an item is known by its enclosure, then by its title and date.
            let titled = draft.title.map { title in
                draft.pubDate.flatMap(FeedParser.date).map { "\(title) \($0)" } ?? title
            }
            guard let guid = draft.guid ?? draft.enclosure?.url ?? titled ?? draft.link else { return }
            items.append(
                FeedItem(
                    guid: guid, title: draft.title, published: draft.pubDate.flatMap(FeedParser.date),
                    durationSeconds: draft.duration.flatMap(FeedParser.duration), link: draft.link,
                    description: draft.description ?? draft.summary, enclosure: draft.enclosure,
                    transcripts: draft.transcripts, chapters: draft.chapters, persons: draft.persons))
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var nonEmpty: String? { isEmpty ? nil : self }
}
