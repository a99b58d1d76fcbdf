import Foundation
import PodbotLibrary

/// The names, numbers and speakers a sentence states, and whether its passages give them.
extension AnswerChecker {
    /// True when `sentence` has a capitalised word (its first too), a number or a word in double quotation marks
    /// that is not one of `known` nor a longer form of one ("Howards" of "Howard"): a name given in quotes, or after
    /// "called", "named" or "known as", may be lower case ("AT Kearney gave the practice “leveraging customer
    /// information”", "a practice called leveraging customer information").
    static func namesSomething(_ sentence: String, besides known: [String]) -> Bool {
        let given = Set(known)
        func new(_ word: String) -> Bool {
            word.count >= 2 && !SupportCheck.stopWords.contains(word) && !given.contains(word)
                && !given.contains { $0.count >= 4 && word.hasPrefix($0) }
        }
        // A sentence's first word is capitalised whatever it is: "He", "It" or "Someone" there names no one; "3" does.
        func opening(_ word: String) -> Bool {
            word.contains(where: \.isNumber) || (word.count >= 3 && !openingWords.contains(word))
        }
        return nameTokens(sentence).enumerated().contains { index, token in
            guard token.first?.isUppercase == true || token.contains(where: \.isNumber) else { return false }
            return words(token).contains { new($0) && (index > 0 || opening($0)) }
        } || quotations(sentence).contains { words($0).contains(where: new) }
            || namedAfterCalled(sentence).contains(where: new)
    }

    /// The words a sentence gives as a name after "called", "named" or "known as", up to the clause's end: a name
    /// may be lower case when a transcript spells it so ("a practice called leveraging customer information").
    static func namedAfterCalled(_ sentence: String) -> [String] {
        let clauses = sentence.split(whereSeparator: { ",;:.!?()[]".contains($0) }).map(String.init)
        return clauses.flatMap { part -> [String] in
            let sequence = words(part)
            guard
                let index = sequence.indices.first(where: {
                    ["called", "named"].contains(sequence[$0])
                        || (sequence[$0] == "as" && $0 > 0 && sequence[$0 - 1] == "known")
                })
            else { return [] }
            return Array(sequence[(index + 1)...].prefix(4))
        }
    }

    /// Words that open sentences and are not names, besides the stop words and words of two letters.
    static let openingWords: Set<String> = [
        "someone", "somebody", "everyone", "everybody", "anyone", "anybody", "nobody", "yes", "yeah", "well", "now",
        "today", "actually", "basically", "specifically", "however", "instead", "finally", "overall",
    ]

    /// True when `sentence` holds a number, in digits or words, or a word of quantity ("dozens", "several", "no")
    /// that `known` does not. A word of quantity inside a compound counts nothing ("a no-code interface", "a
    /// single-GPU notebook"); a number does ("twenty-five").
    static func countsSomething(_ sentence: String, besides known: [String]) -> Bool {
        let given = Set(known)
        return sentence.split(whereSeparator: \.isWhitespace).contains { token in
            let parts = words(String(token))
            return parts.contains { word in
                !given.contains(word)
                    && (word.contains(where: \.isNumber) || NumberWords.value(ofWord: word) != nil
                        || (!token.contains("-") && quantityWords.contains(word)))
            }
        }
    }

    /// Verbs that make "how much" ask a degree, not an amount.
    static let degreeVerbs: Set<String> = [
        "like", "likes", "liked", "love", "loves", "loved", "hate", "hates", "hated", "enjoy", "enjoys", "enjoyed",
        "care", "cares", "cared", "trust", "trusts", "trusted", "value", "values", "valued", "matter", "matters",
        "mattered", "influence", "influenced", "affect", "affected", "help", "helped", "rely", "relies", "relied",
        "agree", "agrees", "agreed", "believe", "believes", "believed", "prefer", "prefers", "preferred", "miss",
        "missed", "regret", "regrets", "regretted", "worry", "worries", "worried", "use", "uses", "used", "admire",
        "admires", "admired", "respect", "respects", "respected",
    ]

    /// Words that say how many without a number.
    static let quantityWords: Set<String> = [
        "no", "none", "zero", "once", "twice", "single", "couple", "few", "several", "dozen", "dozens",
        "hundreds", "thousands", "millions", "billions", "handful", "half",
    ]

    /// Words that open a sentence going on about a thing the one before it named: the words a thing is said of, and
    /// their possessives; not "that" ("That is why…").
    static let referringWords = thingWords.subtracting(["that"]).union(["its", "their"])

    /// The word a passage's words are said of ("they", "it"…) when `sentence` says them of a person instead: after "he",
    /// "she" or a name of `people` (and "is", "was"…) comes a run of three words or more that `passage` holds after
    /// that word. "He's really pretty rubbish" is "they're really pretty rubbish" of a library; "he said I was…" keeps
    /// the passage's "I".
    static func thingSaidOfPerson(_ sentence: [String], passage: [String], people: Set<String>) -> String? {
        for (index, word) in sentence.enumerated()
        where subjectPronouns.contains(word)
            || (people.contains(word) && (index == 0 || !people.contains(sentence[index - 1])))
        {
            var start = index + 1
            while start < sentence.count, people.contains(sentence[start]) || copulas.contains(sentence[start]) {
                start += 1
            }
            let rest = sentence[start...]
            for length in stride(from: min(rest.count, 12, passage.count), through: 3, by: -1) {
                let run = rest.prefix(length)
                let found = places(of: run, in: passage)
                guard !found.isEmpty else { continue }
                for place in found {
                    var before = place - 1
                    while before >= 0, copulas.contains(passage[before]) || softeners.contains(passage[before]) {
                        before -= 1
                    }
                    if before >= 0, thingWords.contains(passage[before]) { return passage[before] }
                }
                break
            }
        }
        return nil
    }

    static let subjectPronouns: Set<String> = ["he", "she"]
    static let copulas: Set<String> = ["s", "re", "is", "are", "was", "were"]
    static let softeners: Set<String> = ["ve", "ll", "d", "just", "also", "really", "still"]
    static let thingWords: Set<String> = ["they", "it", "this", "that", "these", "those"]

    /// Adverbs that may stand between a speaker and a speech verb ("Sarah also notes").
    static let subjectAdverbs: Set<String> = ["also", "further", "then", "later", "once", "even", "still", "again"]

    /// Words that say a sentence is about a third person.
    static let thirdPersons: Set<String> = ["he", "she", "his", "her", "him"]

    /// Names and numbers a sentence states: words with a capital letter that do not start the sentence, and
    /// numbers, lowercased; a passage must hold each of them exactly.
    static func keyTerms(_ sentence: String) -> [String] {
        var terms: [String] = []
        let tokens = sentence.split(whereSeparator: { $0.isWhitespace })
        for (index, token) in tokens.enumerated() {
            let word = String(token).trimmingCharacters(in: .punctuationCharacters.union(.symbols))
            guard !word.isEmpty else { continue }
            let pieces = words(word)
            if word.contains(where: \.isNumber) {
                terms += pieces.filter { $0.contains(where: \.isNumber) }
                continue
            }
            let previous = index > 0 ? String(tokens[index - 1]) : ""
            let startsSentence = index == 0 || previous.hasSuffix(".") || previous.hasSuffix(":")
            guard word.first?.isUppercase == true, !startsSentence, !commonCapitalized.contains(word) else {
                continue
            }
            terms += pieces.filter { $0.count >= 2 }
        }
        return terms
    }

    /// The words of `question` that are the names of `known` people (folded name words) and that ``keyTerms(_:)``
    /// may miss: a name typed in lower case, when the question capitalises none ("what does jeremy think of
    /// python" asks about Jeremy as much as its capitalised form does), or one that opens the question ("Jeremy's
    /// view of Python?"). A question that capitalises a name is trusted to capitalise them all, so "hope" in "What
    /// does Jeremy hope for?" stays a word.
    static func typedNames(_ question: String, known: Set<String>) -> [String] {
        let names = nameTokens(question).filter { token in
            let key = nameKey(token)
            return key.count >= 3 && known.contains(key) && !SupportCheck.stopWords.contains(key)
        }
        let capitalised = names.contains { $0.first?.isUppercase == true }
        return names.filter { !capitalised || $0.first?.isUppercase == true }.flatMap {
            words($0).filter { $0.count >= 3 }
        }
    }

    /// `a` and `b` without the names both state (``keyTerms(_:)`` of either, found as words in both), so their
    /// similarity measures what they say, not whom they name: "Why did Jeremy stop playing music?" and "Jeremy
    /// was the president of Kaggle" share a name and nothing else. When the names are all `a` says ("What has
    /// Jeremy said about Swift?"), they are its topic, and both stay whole.
    static func withoutSharedNames(_ a: String, _ b: String) -> (String, String) {
        let shared = Set(keyTerms(a) + keyTerms(b)).intersection(words(a)).intersection(words(b))
        guard !shared.isEmpty else { return (a, b) }
        func strip(_ text: String) -> String {
            text.split(whereSeparator: \.isWhitespace).filter { token in
                let pieces = words(String(token))
                let name = pieces.first == "s" ? [] : pieces.filter { $0 != "s" }
                return name.isEmpty || !name.allSatisfy(shared.contains)
            }.joined(separator: " ")
        }
        let question = strip(a)
        guard !SupportCheck.contentWords(question).isEmpty else { return (a, b) }
        return (question, strip(b))
    }

    /// True when `word` may be a mishearing or misspelling of `known`: both five letters or more, at most two
    /// edits apart. Shorter names must match exactly ("Sora" is not "sort").
    static func misheard(_ word: String, _ known: String) -> Bool {
        guard word.count >= 5, known.count >= 5, abs(word.count - known.count) <= 2, word != known else {
            return false
        }
        let a = Array(word)
        let b = Array(known)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count] <= 2
    }

    /// The tokens of `text` as names are read: runs of letters and digits, with apostrophes and hyphens kept inside
    /// ("Hugo Bowne-Anderson says" is two names, and Hugo is the first; "Jeremy's" is one).
    static func nameTokens(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "-") }.map(String.init)
    }

    /// Verbs that report what someone said or thinks.
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "stated", "states", "explained", "explains", "argued", "argues", "believes",
        "believed", "thinks", "thought", "mentioned", "mentions", "noted", "notes", "claims", "claimed",
        "described", "describes", "told", "tells", "recalls", "recalled", "admits", "admitted", "feels", "felt",
    ]

    /// Capitalized words that are not names.
    static let commonCapitalized: Set<String> = ["I", "I'm", "I've", "I'd", "I'll", "AI", "OK", "Okay"]

    /// The lowercased names a sentence says spoke ("Jeremy says", "Jeremy Howard explained", "According to
    /// Lukas,", "Sarah:" for one of `people`), the one before the verb last ("Sarah and Jeremy said…" gives both;
    /// each must be a speaker of the passages it cites); pronouns are not names, but "He says" and "She notes" claim
    /// `pronoun` when given.
    /// "Feels" claims only for one of `people` (folded name words): "Swift feels natural" is about Swift.
    static func speakersClaimed(_ sentence: String, pronoun: String? = nil, people: Set<String> = []) -> [String] {
        let tokens = nameTokens(sentence)
        let feelings: Set<String> = ["feels", "felt"]
        let pronouns: Set<String> = ["He", "She", "They", "It", "This", "That", "I", "We", "You", "The", "Who"]
        func isName(_ token: String) -> Bool {
            token.count >= 2 && token.first?.isUppercase == true && !pronouns.contains(token)
        }
        for (index, token) in tokens.enumerated() where speechVerbs.contains(token.lowercased()) {
            // "Jeremy Howard said": the first name is one or two words before the verb, or before an adverb there
            // ("Sarah also notes", "He clearly believes").
            var end = index - 1
            if end >= 1, tokens[end].first?.isLowercase == true,
                tokens[end].hasSuffix("ly") || subjectAdverbs.contains(tokens[end])
            {
                end -= 1
            }
            var name: String?
            var start = end
            if end >= 1, isName(tokens[end - 1]), isName(tokens[end]) {
                name = tokens[end - 1].lowercased()
                start = end - 1
            } else if end >= 0, isName(tokens[end]) {
                name = tokens[end].lowercased()
            } else if end >= 0, let pronoun, ["he", "she"].contains(tokens[end].lowercased()) {
                name = pronoun
            }
            guard let name else { continue }
            if feelings.contains(token.lowercased()), !people.contains(nameKey(name)) { continue }
            return namesJoined(before: start, in: tokens, people: people, isName: isName) + [name]
        }
        if let according = tokens.firstIndex(where: { $0.lowercased() == "according" }), according + 2 < tokens.count,
            tokens[according + 1] == "to", isName(tokens[according + 2])
        {
            return [tokens[according + 2].lowercased()]
        }
        // A transcript's own form, one of `people` before a colon: "Sarah Catanzaro: "I'm your host…"".
        if let colon = sentence.firstIndex(of: ":") {
            let opener = nameTokens(String(sentence[..<colon]))
            if (1...3).contains(opener.count), opener.allSatisfy(isName),
                let name = opener.map({ $0.lowercased() }).first(where: { people.contains(nameKey($0)) })
            {
                return [name]
            }
        }
        return []
    }

    /// The names joined by "and" to the name at `start` ("Sarah and Jeremy said", "Sarah Catanzaro and Jeremy
    /// said"), first to last, each by the word of it that `people` knows (a sentence's opening "Then Sarah and…"
    /// is Sarah), else by its last word.
    static func namesJoined(before start: Int, in tokens: [String], people: Set<String>, isName: (String) -> Bool)
        -> [String]
    {
        var names: [String] = []
        var end = start - 2
        while end >= 0, tokens[end + 1] == "and", isName(tokens[end]) {
            let group = end >= 1 && isName(tokens[end - 1]) ? [tokens[end - 1], tokens[end]] : [tokens[end]]
            let words = group.map { $0.lowercased() }
            names.insert(words.first(where: { people.contains(nameKey($0)) }) ?? words.last!, at: 0)
            end -= group.count + 1
        }
        return names
    }

    /// The word a claimed name is compared by: its first, without diacritics ("cristóbal" is "cristobal",
    /// "bowne-anderson" "bowne").
    static func nameKey(_ name: String) -> String { EpisodeMentions.fold(name).first ?? name }
}
