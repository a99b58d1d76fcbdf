import Foundation
import PodbotInference
import PodbotLibrary

/// Chapters: sections of the episode that start where the transcript changes topic (``TopicSegmenter``), each
/// titled by the model from the section's most central passages. Start times come only from the sections'
/// transcript times, never from the model; untimed episodes get positions and first words instead. A title must be
/// a 2–7 word topic phrase whose words the section uses (``problem(title:section:)``); a section whose title fails
/// twice joins its neighbour.
enum ChapterBuilder {
    static let fewest = 5
    static let most = 15
    /// About one chapter per this many words of transcript (a 73-minute conversation of ~11,000 words gets 9).
    static let wordsPerChapter = 1200
    /// Passages of a section its title is made from, and the most words taken from each.
    static let titlePassages = 2
    static let titlePassageWords = 160

    /// One future chapter: where it starts, the text its title is made from, and all its text.
    struct Section: Sendable, Equatable {
        var startSeconds: Double?
        /// Where the section starts, as a fraction (0..<1) of the episode's words.
        var position: Double
        var firstWords: String
        var input: String
        var text: String
    }

    /// Sections of the episode's passages, cut at its deepest topic changes: `fewest` to `most`, about one per
    /// ``wordsPerChapter`` words, fewer when the transcript has too few passages. `vectors` are the passages'
    /// embeddings, in order; without them the passages' words are compared.
    static func sections(passages: [Passage], vectors: [[Float]]?) -> [Section] {
        guard !passages.isEmpty else { return [] }
        let vectors = vectors ?? TopicSegmenter.lexicalVectors(passages.map(\.text))
        let totalWords = max(1, passages.reduce(0) { $0 + $1.words })
        let count = min(most, max(fewest, totalWords / wordsPerChapter))
        let starts = TopicSegmenter.starts(
            vectors, count: count, minimumLength: max(1, passages.count / (2 * count)))
        var wordsBefore = 0
        var sections: [Section] = []
        for (number, start) in starts.enumerated() {
            let end = number + 1 < starts.count ? starts[number + 1] : passages.count
            let members = Array(passages[start..<end])
            let centre = TopicSegmenter.sum(vectors[start..<end])
            let central = (start..<end).sorted {
                VectorMath.cosine(vectors[$0], centre) > VectorMath.cosine(vectors[$1], centre)
            }.prefix(titlePassages).sorted()
            let input = central.map { index -> String in
                let passage = passages[index]
                let words = passage.text.split(whereSeparator: \.isWhitespace).prefix(titlePassageWords)
                let speaker = passage.speakers.isEmpty ? "" : passage.speakers.joined(separator: ", ") + ": "
                return speaker + words.joined(separator: " ")
            }.joined(separator: "\n\n")
            sections.append(
                Section(
                    startSeconds: passages[start].startMs.map { Double($0) / 1000 },
                    position: Double(wordsBefore) / Double(totalWords),
                    firstWords: passages[start].text.split(whereSeparator: \.isWhitespace).prefix(8)
                        .joined(separator: " "),
                    input: input, text: members.map(\.text).joined(separator: "\n")))
            wordsBefore += members.reduce(0) { $0 + $1.words }
        }
        return sections
    }

    /// Chapters from the sections and their titles. A section without a title joins the chapter before it (the
    /// first titled section takes over the episode's start); timed chapters keep strictly increasing start times.
    static func chapters(episode: EpisodeText, sections: [Section], titles: [Int: String]) -> [GeneratedChapter] {
        var chapters: [GeneratedChapter] = []
        var lastStart = -1
        var opening: Section?
        for (index, section) in sections.enumerated() {
            guard let title = titles[index] else {
                if chapters.isEmpty, opening == nil { opening = section }
                continue
            }
            let start = chapters.isEmpty ? (opening ?? section) : section
            if episode.timed, let seconds = start.startSeconds {
                let ms = Int((seconds * 1000).rounded())
                guard ms > lastStart else { continue }  // two sections starting in one cue: keep the first
                lastStart = ms
                chapters.append(GeneratedChapter(title: title, startMs: ms, position: nil, firstWords: nil))
            } else {
                chapters.append(
                    GeneratedChapter(
                        title: title, startMs: nil, position: (start.position * 1000).rounded() / 1000,
                        firstWords: start.firstWords))
            }
        }
        return chapters
    }

    /// Why `title` is not a chapter title for `section`, or `nil` when it is one: 2 to 7 words, a topic phrase
    /// rather than a sentence about the podcast, and grounded (at least half of its content words, and every
    /// number, occur in the section; words compared by their first five letters).
    static func problem(title: String, section: String) -> String? {
        let words = title.split(whereSeparator: \.isWhitespace).map(String.init)
        guard (2...7).contains(words.count) else { return "\(words.count) words" }
        let lowered = " " + title.lowercased() + " "
        if sentenceSubjects.contains(where: { lowered.hasPrefix(" " + $0 + " ") })
            || ["in this", "we ", "i ", "he ", "she ", "they "].contains(where: { lowered.hasPrefix(" " + $0) })
        {
            return "a sentence about the podcast"
        }
        if sentenceMarkers.contains(where: { lowered.contains(" " + $0 + " ") }) { return "a sentence" }
        if let last = words.last?.lowercased(), danglingWords.contains(last) { return "cut off" }
        let sourceWords = Set(
            section.lowercased().split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(5)) })
        let terms = title.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        let numbers = terms.filter { $0.contains(where: \.isNumber) }
        if let missing = numbers.first(where: { !sourceWords.contains(String($0.prefix(5))) }) {
            return "\"\(missing)\" is not in the section"
        }
        let content = terms.filter { $0.count >= 4 && !TopicSegmenter.fillers.contains($0) }
        let found = content.filter { sourceWords.contains(String($0.prefix(5))) }.count
        guard content.isEmpty || found * 2 >= content.count else { return "not about the section's words" }
        return nil
    }

    /// `title` cut to its leading phrase when it has more than 7 words: the words before the last joining word
    /// ("on", "to", "and", …) that leaves 2 to 7 of them, so "Training a state-of-the-art model on a single GPU to
    /// train" becomes "Training a state-of-the-art model". A title with no such place is returned whole (and fails
    /// the check).
    static func shortened(_ title: String) -> String {
        let words = title.split(whereSeparator: \.isWhitespace)
        guard words.count > 7,
            let cut = (2...7).reversed().first(where: { danglingWords.contains(words[$0].lowercased()) })
        else { return title }
        var kept = Array(words[..<cut])
        while kept.count > 2, let last = kept.last, danglingWords.contains(last.lowercased()) { kept.removeLast() }
        return kept.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ",:;-–— "))
    }

    /// Verbs that make a title a sentence ("Jeremy is optimistic about Swift").
    static let sentenceMarkers = [
        "is", "are", "was", "were", "discusses", "explores", "talks", "explains", "shares", "describes", "has",
    ]

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
