import Foundation
import PodbotLibrary

/// Chapters: 5 to 15 consecutive sections of the episode, each titled by the model. Start times come only from the
/// sections' transcript times, never from the model; untimed episodes get positions and first words instead.
struct ChapterBuilder: Sendable {
    var settings: EnrichmentSettings
    static let fewest = 5
    static let most = 15

    /// One future chapter: where it starts, and the text its title is made from.
    struct Section: Sendable {
        var start: TranscriptChunk
        var input: String
    }

    /// With 5 or more chunks: contiguous groups of chunks, titled from their map summaries (cheap: no transcript is
    /// read again). With fewer: the transcript cut into about 5 windows, titled from their text.
    func sections(
        episode: EpisodeText, chunks: [TranscriptChunk], summaries: [Int: String],
        countTokens: (String) async throws -> Int
    ) async throws -> [Section] {
        if chunks.count >= Self.fewest {
            let k = min(Self.most, chunks.count)
            return (0..<k).map { g in
                let range = (g * chunks.count / k)..<((g + 1) * chunks.count / k)
                return Section(
                    start: chunks[range.lowerBound],
                    input: range.compactMap { summaries[$0] }.joined(separator: "\n\n"))
            }
        }
        let total = chunks.reduce(0) { $0 + $1.tokenCount }
        let window = max(32, total / Self.fewest + 1)
        return try await Chunker(parameters: ChunkingParameters(tokens: window, overlap: 0))
            .chunks(of: episode.segments, countTokens: countTokens)
            .map { Section(start: $0, input: $0.text) }
    }

    /// Chapters from the sections and their titles; timed ones keep strictly increasing start times.
    func chapters(episode: EpisodeText, sections: [Section], titles: [Int: String]) -> [GeneratedChapter] {
        var chapters: [GeneratedChapter] = []
        var lastStart = -1
        for (index, section) in sections.enumerated() {
            guard let title = titles[index] else { continue }
            if episode.timed, let seconds = section.start.startSeconds {
                let ms = Int((seconds * 1000).rounded())
                guard ms > lastStart else { continue }  // two sections starting in one cue: keep the first
                lastStart = ms
                chapters.append(GeneratedChapter(title: title, startMs: ms, position: nil, firstWords: nil))
            } else {
                chapters.append(
                    GeneratedChapter(
                        title: title, startMs: nil, position: (section.start.position * 1000).rounded() / 1000,
                        firstWords: section.start.firstWords(8)))
            }
        }
        return chapters
    }

    static let danglingWords: Set<String> = [
        "and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "on", "at", "by", "from", "as", "vs",
    ]

    /// Openings that make a title a sentence about the podcast, longest first: "The podcast discusses the
    /// challenges of …" becomes "Challenges of …".
    static let sentenceSubjects = [
        "the podcast episode", "this podcast episode", "the podcast", "this podcast", "the episode", "this episode",
        "the section", "this section",
    ]
    static let sentenceVerbs = [
        "discusses", "explores", "covers", "highlights", "examines", "describes", "talks about", "focuses on",
        "is about", "delves into", "features", "about",
    ]

    /// The first line, without quotes, labels ("Title:", "Chapter 3:"), an opening like "The podcast discusses",
    /// further titles after a `|`, a final period or a dangling joining word; at most 80 characters.
    @Sendable static func cleanTitle(_ text: String) -> String? {
        var title = text.components(separatedBy: "\n").first?.trimmingCharacters(in: .whitespaces) ?? ""
        if let bar = title.range(of: "|") { title = String(title[..<bar.lowerBound]) }
        title = withoutSentenceOpening(title.trimmingCharacters(in: .whitespaces))
        for label in ["title:", "chapter title:", "chapter:"] where title.lowercased().hasPrefix(label) {
            title = String(title.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
        }
        if title.lowercased().hasPrefix("chapter"), let colon = title.firstIndex(of: ":"),
            title.distance(from: title.startIndex, to: colon) < 12
        {
            title = String(title[title.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        title = title.trimmingCharacters(in: CharacterSet(charactersIn: "\"'*`“”‘’ ."))
        if title.count > 80 {
            let cut = title.prefix(80)
            title = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
        }
        // A title the token limit cut off ends on a joining word ("… More Accessible and"): drop it.
        var words = title.split(separator: " ")
        while words.count > 2, let last = words.last, danglingWords.contains(last.lowercased()) { words.removeLast() }
        title = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ",:;-–— "))
        return title.count >= 2 ? title : nil
    }

    /// `title` without a leading "The podcast discusses the" or "The podcast:", capitalised. A subject without a
    /// verb or colon after it stays ("The Episode That Changed Everything").
    static func withoutSentenceOpening(_ title: String) -> String {
        let lowered = title.lowercased()
        guard
            let subject = sentenceSubjects.first(where: { lowered.hasPrefix($0 + " ") || lowered.hasPrefix($0 + ":") })
        else { return title }
        var rest = title.dropFirst(subject.count)
        if rest.hasPrefix(":") {
            rest = rest.dropFirst()
        } else {
            rest = rest.drop { $0 == " " }
            let next = rest.lowercased()
            guard let verb = sentenceVerbs.first(where: { next.hasPrefix($0 + " ") }) else { return title }
            rest = rest.dropFirst(verb.count)
        }
        rest = rest.drop { $0 == " " }
        if rest.lowercased().hasPrefix("the ") { rest = rest.dropFirst(4) }
        guard let first = rest.first else { return title }
        return first.uppercased() + rest.dropFirst()
    }
}
