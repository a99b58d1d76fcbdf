import Foundation

/// One episode in the formats people use elsewhere: subtitles, Podcasting 2.0 JSON, JSON chapters, and Markdown
/// for a notes vault. Every time comes from the stored segments and chapters; none is invented.
public enum EpisodeExportFormat: String, Sendable, CaseIterable, Codable {
    /// WebVTT with `<v Speaker>` voices.
    case vtt
    /// SubRip, the speaker written before the text.
    case srt
    /// Podcasting 2.0 JSON transcript (`{"version": "1.0.0", "segments": [...]}`).
    case json
    /// Podcasting 2.0 JSON chapters 1.2: the creator's chapters, else podbot's generated ones.
    case chapters
    /// Markdown with YAML front matter, then the summary, chapters and transcript.
    case md

    /// The file extension of an export.
    public var fileExtension: String {
        switch self {
        case .vtt: "vtt"
        case .srt: "srt"
        case .json: "json"
        case .chapters: "chapters.json"
        case .md: "md"
        }
    }

    /// The media type the server sends.
    public var mediaType: String {
        switch self {
        case .vtt: "text/vtt; charset=utf-8"
        case .srt: "application/x-subrip; charset=utf-8"
        case .json: "application/json"
        case .chapters: "application/json+chapters"
        case .md: "text/markdown; charset=utf-8"
        }
    }
}

/// An episode exported as a file.
public struct ExportedEpisode: Sendable {
    /// `<id>-<title>.<ext>`, safe on every file system.
    public var fileName: String
    /// The file's media type.
    public var mediaType: String
    public var text: String
}

extension Library {
    /// Episode `id` as `format` (``LibrarySnapshot/export(episode:as:)``).
    public func export(episode id: Int64, as format: EpisodeExportFormat) throws -> String {
        try viewing { try $0.export(episode: id, as: format).text }
    }

    /// The file name an export of `id` gets in a folder: `<id>-<title>.<ext>`, safe on every file system.
    public func exportFileName(episode id: Int64, as format: EpisodeExportFormat) throws -> String {
        let title = try viewing { try $0.episode(id, segments: 0..<0).episode.title }
        return EpisodeExport.fileName(episode: id, title: title, as: format)
    }
}

extension LibrarySnapshot {
    /// Episode `id` as `format`, with the file name it gets in a folder.
    /// - Throws: `LibraryError` (not found, or invalid input for subtitles or chapters of an untimed episode).
    public func export(episode id: Int64, as format: EpisodeExportFormat) throws -> ExportedEpisode {
        let detail = try episode(id, segments: nil)
        let creator = try Library.creatorChapters(episode: id, db)
        let text: String
        switch format {
        case .vtt, .srt:
            let cues = EpisodeExport.cues(detail.transcript)
            guard !cues.isEmpty else {
                throw LibraryError(
                    path: path,
                    reason: "episode \(id) has no timestamps, so it cannot be \(format.rawValue); export json or md",
                    kind: .invalidInput)
            }
            text = format == .vtt ? EpisodeExport.webVTT(cues) : EpisodeExport.subRip(cues)
        case .json: text = EpisodeExport.podcastJSON(detail.transcript)
        case .chapters:
            let chapters = EpisodeExport.chapterEntries(detail, creator: creator)
            guard !chapters.isEmpty else {
                throw LibraryError(
                    path: path,
                    reason: "episode \(id) has no timed chapters; run `podbot summarize` on a timed episode first",
                    kind: .invalidInput)
            }
            text = EpisodeExport.json(["version": "1.2.0", "chapters": chapters])
        case .md: text = EpisodeExport.markdown(detail, creator: creator)
        }
        return ExportedEpisode(
            fileName: EpisodeExport.fileName(episode: id, title: detail.episode.title, as: format),
            mediaType: format.mediaType, text: text)
    }
}

enum EpisodeExport {
    /// `<id>-<title>.<ext>`, the title cut to ASCII letters, digits and single dashes: safe on every file system.
    static func fileName(episode id: Int64, title: String, as format: EpisodeExportFormat) -> String {
        let slug = title.lowercased().unicodeScalars.map {
            $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "-"
        }
        let name = String(slug).split(separator: "-").joined(separator: "-").prefix(60)
        return "\(id)-\(name.isEmpty ? "episode" : String(name)).\(format.fileExtension)"
    }

    struct Cue {
        var start: Double
        var end: Double
        var speaker: String?
        var text: String
    }

    /// The timed segments as cues. A segment without times of its own (a second paragraph under one time) starts
    /// where the previous cue ended and ends where the next timed segment starts.
    static func cues(_ lines: [EpisodeDetail.TranscriptLine]) -> [Cue] {
        guard lines.contains(where: { $0.startSeconds != nil }) else { return [] }
        var cues: [Cue] = []
        var nextStart: [Double?] = Array(repeating: nil, count: lines.count)
        var upcoming: Double?
        for index in lines.indices.reversed() {
            nextStart[index] = upcoming
            if let start = lines[index].startSeconds { upcoming = start }
        }
        var previousEnd: Double?
        for (index, line) in lines.enumerated() where !line.text.isEmpty {
            guard let start = line.startSeconds ?? previousEnd else { continue }
            let end = max(start, line.endSeconds ?? nextStart[index] ?? start)
            cues.append(Cue(start: start, end: end, speaker: line.speaker, text: line.text))
            previousEnd = end
        }
        return cues
    }

    static func webVTT(_ cues: [Cue]) -> String {
        var out = "WEBVTT\n"
        for cue in cues {
            let text = escapeVTT(cue.text)
            let voice = cue.speaker.map { "<v \(escapeVTT($0).replacingOccurrences(of: ">", with: ""))>" } ?? ""
            out += "\n\(clock(cue.start, ".")) --> \(clock(cue.end, "."))\n\(voice)\(text)\n"
        }
        return out
    }

    static func subRip(_ cues: [Cue]) -> String {
        var out = ""
        for (index, cue) in cues.enumerated() {
            // Markup and `-->` in the words are escaped as in WebVTT: SRT readers treat `<…>` as tags.
            let speaker = cue.speaker.map { "\(escapeVTT($0)): " } ?? ""
            out +=
                "\(index + 1)\n\(clock(cue.start, ",")) --> \(clock(cue.end, ","))\n\(speaker)\(escapeVTT(cue.text))\n\n"
        }
        return out
    }

    static func podcastJSON(_ lines: [EpisodeDetail.TranscriptLine]) -> String {
        let segments: [[String: Any]] = lines.filter { !$0.text.isEmpty }.map { line in
            var segment: [String: Any] = ["body": line.text]
            if let speaker = line.speaker { segment["speaker"] = speaker }
            if let start = line.startSeconds { segment["startTime"] = start }
            if let end = line.endSeconds { segment["endTime"] = end }
            return segment
        }
        return json(["version": "1.0.0", "segments": segments])
    }

    /// The creator's chapters when there are any, else podbot's timed ones.
    static func chapterEntries(_ detail: EpisodeDetail, creator: [CreatorChapter]) -> [[String: Any]] {
        if !creator.isEmpty {
            return creator.map { chapter in
                var entry: [String: Any] = ["startTime": chapter.startSeconds, "title": chapter.title]
                if let end = chapter.endSeconds { entry["endTime"] = end }
                if let url = chapter.url { entry["url"] = url }
                if let image = chapter.image { entry["img"] = image }
                if !chapter.toc { entry["toc"] = false }
                return entry
            }
        }
        return detail.chapters.compactMap { chapter in
            chapter.startSeconds.map { ["startTime": $0, "title": chapter.title] }
        }
    }

    static func markdown(_ detail: EpisodeDetail, creator: [CreatorChapter]) -> String {
        let episode = detail.episode
        var front = ["---", "title: \(yaml(episode.title))"]
        if let show = episode.show { front.append("show: \(yaml(show))") }
        if let published = episode.published { front.append("date: \(published)") }
        if let url = episode.url { front.append("url: \(yaml(url))") }
        if let duration = episode.durationSeconds { front.append("duration: \(yaml(TimeFormat.clock(duration)))") }
        let speakers = episode.speakers.isEmpty ? detail.hosts + detail.guests : episode.speakers
        if !speakers.isEmpty { front.append("speakers: [\(speakers.map(yaml).joined(separator: ", "))]") }
        var tags = ["podcast"]
        if let show = episode.show {
            let tag = show.lowercased().unicodeScalars.map {
                $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "-"
            }
            tags.append(String(tag).split(separator: "-").joined(separator: "-"))
        }
        front.append("tags: [\(tags.map(yaml).joined(separator: ", "))]")
        front.append("---")
        var out = front.joined(separator: "\n") + "\n\n# \(episode.title)\n"
        if let summary = detail.summary, !summary.isEmpty {
            out += "\n## Summary\n\n\(summary)\n"
        }
        // A time links to the moment where the episode's link can start there (YouTube, an audio file); a plain
        // page link would only repeat the front matter's `url`.
        let link = { (seconds: Double) -> String in
            let clock = TimeFormat.clock(seconds)
            guard let moment = DeepLink.url(episode.url, seconds: seconds), moment != episode.url else { return clock }
            return "[\(clock)](\(moment))"
        }
        if !creator.isEmpty {
            out += "\n## Chapters\n\n"
            out += creator.filter(\.toc).map { "- \(link($0.startSeconds)) \($0.title)" }.joined(separator: "\n") + "\n"
        } else if !detail.chapters.isEmpty {
            out += "\n## Chapters (generated)\n\n"
            out +=
                detail.chapters.map { chapter in
                    let at =
                        chapter.startSeconds.map(link)
                        ?? chapter.position.map { "\(Int(($0 * 100).rounded()))%" } ?? ""
                    return "- \(at) \(chapter.title)"
                }.joined(separator: "\n") + "\n"
        }
        out += "\n## Transcript\n"
        // Paragraphs: one speaker's consecutive lines, cut every 100 words or so, each with its first time.
        var paragraph: [String] = []
        var paragraphWords = 0
        var paragraphStart: Double?
        var speaker: String?
        var speakerShown: String?
        func flush() {
            guard !paragraph.isEmpty else { return }
            let time = paragraphStart.map { "[\(TimeFormat.clock($0))] " } ?? ""
            let name = speaker.flatMap { $0 == speakerShown ? nil : "**\($0)** " } ?? ""
            out += "\n\(name)\(time)\(paragraph.joined(separator: " "))\n"
            speakerShown = speaker ?? speakerShown
            paragraph = []
            paragraphWords = 0
            paragraphStart = nil
        }
        for line in detail.transcript where !line.text.isEmpty {
            if line.speaker != speaker || paragraphWords >= 100 { flush() }
            speaker = line.speaker
            if paragraph.isEmpty { paragraphStart = line.startSeconds }
            paragraph.append(line.text)
            paragraphWords += line.text.split(separator: " ").count
        }
        flush()
        return out
    }

    /// `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT).
    static func clock(_ seconds: Double, _ separator: String) -> String {
        let ms = max(0, Int((seconds * 1000).rounded()))
        return String(
            format: "%02d:%02d:%02d%@%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, separator, ms % 1000)
    }

    static func escapeVTT(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "-->", with: "--&gt;")
    }

    /// A double-quoted YAML scalar.
    static func yaml(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }

    static func json(_ object: [String: Any]) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
