import Foundation
import GRDB

/// The episodes a question names by their people or their show: "What did Sarah Catanzaro say…", "Which Gradient
/// Dissent guests…", "the Latent Space hosts". Names are the episode's hosts, guests and labelled speakers, the
/// name a title starts with ("Sarah Catanzaro — …"), and its show's name; a question names a person by the full
/// name or by a first or last name, misheard by one letter at most when the name is long ("Christobal").
public struct EpisodeMentions: Sendable {
    /// Per episode: the folded names (each a list of words) and the folded show name.
    struct Entry: Sendable {
        var episodeID: Int64
        var people: [[String]]
        var show: [String]
    }

    var entries: [Entry]

    /// Every episode of the library.
    public var episodeCount: Int { entries.count }

    /// The words of the names of `episodeID`'s people (hosts, guests, speaker labels, the name its title starts
    /// with), folded; empty for an episode it does not know.
    public func people(of episodeID: Int64) -> Set<String> {
        Set(entries.filter { $0.episodeID == episodeID }.flatMap(\.people).joined())
    }

    /// Every word of the names of the library's people and shows, folded.
    var names: Set<String> {
        Set(entries.flatMap { $0.people.joined() + $0.show })
    }

    /// The words of the whole names of the people `question` names, folded: "What did Jeremy say…" gives "jeremy"
    /// and "howard". A speaker label that shortens a longer name of its episode names that person too: "what did
    /// cris show…" gives "cris", "cristobal" and "valenzuela" when the transcript's "Cris" is the title's "Cristóbal
    /// Valenzuela".
    public func peopleNamed(in question: String) -> Set<String> {
        let words = Self.fold(question)
        var named = Set<String>()
        for entry in entries {
            let mentioned = entry.people.filter { Self.mentions(words, person: $0) }
            let shortNames = mentioned.compactMap { $0.count == 1 ? $0[0] : nil }
            let lengthened = entry.people.filter { person in
                person.count > 1 && shortNames.contains { Self.shortens($0, person) }
            }
            named.formUnion((mentioned + lengthened).joined())
        }
        return named
    }

    /// The episodes `question` names by one of their people or by their show, or none.
    public func named(in question: String) -> Set<Int64> {
        let words = Self.fold(question)
        guard !words.isEmpty else { return [] }
        var named: Set<Int64> = []
        for entry in entries
        where (!entry.show.isEmpty && Self.contains(words, phrase: entry.show))
            || entry.people.contains(where: { Self.mentions(words, person: $0) })
        {
            named.insert(entry.episodeID)
        }
        return named
    }

    /// True when what `question` names (people, shows) is never together in one episode: "what did sarah and cris
    /// each say…", "…came up on lex and latent space". Such a question needs more than one conversation.
    public func namesSeveralConversations(_ question: String) -> Bool {
        !namedConversations(in: question).isEmpty
    }

    /// The episodes of each person and show `question` names, one set each, when they are never all together in one
    /// episode ("what did sarah and cris each say…" gives Sarah's and Cris's episodes); empty otherwise.
    public func namedConversations(in question: String) -> [Set<Int64>] {
        let words = Self.fold(question)
        guard !words.isEmpty else { return [] }
        // One person may be known by several names ("Jeremy Howard" as a guest, "Jeremy" as a speaker label): the
        // names the question mentions that share a word are one person, in the episodes of any of them.
        var people: [(words: Set<String>, episodes: Set<Int64>)] = []
        for entry in entries {
            for name in entry.people where Self.mentions(words, person: name) {
                let parts = Set(name.filter { $0.count >= 3 })
                if let same = people.firstIndex(where: { !$0.words.isDisjoint(with: parts) }) {
                    people[same].words.formUnion(parts)
                    people[same].episodes.insert(entry.episodeID)
                } else {
                    people.append((parts, [entry.episodeID]))
                }
            }
        }
        let shows = Set(entries.map(\.show).filter { !$0.isEmpty && Self.contains(words, phrase: $0) })
        let groups =
            people.map(\.episodes) + shows.map { show in Set(entries.filter { $0.show == show }.map(\.episodeID)) }
        guard let first = groups.first, groups.count >= 2,
            groups.dropFirst().reduce(first, { $0.intersection($1) }).isEmpty
        else { return [] }
        // "jeremy … on lex and with hugo" names two conversations: the person who is in both is not a third, and
        // narrows the others ("jeremy on lex and on gradient dissent" is his Gradient Dissent episodes).
        let spanning = groups.filter { group in groups.contains { $0.isStrictSubset(of: group) } }
        var distinct: [Set<Int64>] = []
        for group in groups where !spanning.contains(group) {
            let narrowed = spanning.reduce(group) { narrowed, span in
                let common = narrowed.intersection(span)
                return common.isEmpty ? narrowed : common
            }
            if !distinct.contains(narrowed) { distinct.append(narrowed) }
        }
        return distinct
    }

    /// `question` without the words that are the name of one of the library's people, as typed ("Why did Jeremy
    /// stop…" loses "Jeremy"); `nil` when it has none. A name pulls a question's embedding toward every passage that
    /// says it (introductions, the host addressing the guest), away from its topic. "Jeremy's interviews" keeps its
    /// possessive unless `possessives` (keeping it measured one multi-episode question better in retrieval on
    /// eval/dev-ask.jsonl).
    public func withoutPeople(_ question: String, possessives: Bool = false) -> String? {
        let parts = Set(entries.flatMap(\.people).joined().filter { $0.count >= 3 })
        guard !parts.isEmpty else { return nil }
        var named = false
        let kept = question.split(whereSeparator: \.isWhitespace).filter { token in
            var token = String(token)
            if possessives, let suffix = ["'s", "’s"].first(where: token.hasSuffix) { token.removeLast(suffix.count) }
            let words = Self.fold(token)
            let isName =
                !words.isEmpty
                && words.allSatisfy { word in
                    parts.contains(word) || (word.hasSuffix("s") && parts.contains(String(word.dropLast())))
                }
            named = named || isName
            return !isName
        }
        return named ? kept.joined(separator: " ") : nil
    }

    /// A person is mentioned by the whole name or by one of its words of three letters or more (``names(_:part:)``).
    static func mentions(_ words: [String], person: [String]) -> Bool {
        if person.count > 1, contains(words, phrase: person) { return true }
        for part in person where part.count >= 3 {
            for word in words where names(word, part: part) { return true }
        }
        return false
    }

    /// True when `word` is `part` of a name, or, for a part of six letters or more, the part misheard by one letter
    /// with the same first letter ("Christobal").
    static func names(_ word: String, part: String) -> Bool {
        if word == part { return true }
        return part.count >= 6 && word.count >= 5 && word.first == part.first
            && SpellingDistance.damerauLevenshtein(Array(word.utf8), Array(part.utf8), limit: 1) <= 1
    }

    static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard phrase.count <= words.count, !phrase.isEmpty else { return false }
        for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
            return true
        }
        return false
    }

    /// Lower-case words without diacritics ("Cristóbal" is "cristobal").
    public static func fold(_ text: String) -> [String] {
        FTSQuery.tokens(Substring(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)))
    }

    /// True when `short` (a folded name word of three letters or more) shortens the name `full` (folded words)
    /// begins with: the transcript's "cris" is the title's "cristobal valenzuela".
    public static func shortens(_ short: String, _ full: [String]) -> Bool {
        guard short.count >= 3, let first = full.first else { return false }
        return first.hasPrefix(short)
    }

    /// The name a title starts with: its first two or three capitalised words before a dash, comma or bracket
    /// ("Sarah Catanzaro — Remembering…", "Jeremy Howard (Lex Fridman Podcast)").
    public static func leadingName(_ title: String) -> String? {
        let head = title.split(whereSeparator: { "—–-,(:|".contains($0) }).first.map(String.init) ?? ""
        let words = head.split(separator: " ")
        guard (2...3).contains(words.count), words.allSatisfy({ $0.first?.isUppercase == true }) else { return nil }
        return words.joined(separator: " ")
    }
}

extension LibrarySnapshot {
    /// The names each episode is known by, for ``EpisodeMentions/named(in:)``.
    public func episodeMentions() throws -> EpisodeMentions {
        let shows = Dictionary(
            try Row.fetchAll(db, sql: "SELECT id, name FROM show").map { ($0["id"] as Int64, $0["name"] as String) },
            uniquingKeysWith: { first, _ in first })
        return EpisodeMentions(
            entries: try EpisodeRecord.fetchAll(db).map { record in
                let names =
                    record.hosts + record.guests + record.speakers
                    + [EpisodeMentions.leadingName(record.title)].compactMap { $0 }
                return EpisodeMentions.Entry(
                    episodeID: record.id ?? 0,
                    people: Array(Set(names.map(EpisodeMentions.fold).filter { !$0.isEmpty })),
                    show: record.showId.flatMap { shows[$0] }.map(EpisodeMentions.fold) ?? [])
            })
    }
}
