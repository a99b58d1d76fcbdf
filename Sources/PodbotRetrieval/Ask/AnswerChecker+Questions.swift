import Foundation

/// What a question asks, and the sentences that only ask, restate or refuse it.
extension AnswerChecker {
    /// A show introduces its guest in an episode's first passages (a cold open may come before): a sentence resting
    /// only on them answers who someone is, not what they said.
    static let openingPassages = 2
    /// Episodes shorter than this (about seven minutes of speech) may be all introduction, or have none.
    static let conversationPassages = 10

    /// Question words that ask what an episode's introduction tells: who someone is, what they do and did (work,
    /// study, companies started and what they are for), and who hosts or came on the show ("did jeremy study
    /// philosophy at uni", "why did jeremy leave enlitic to start fast.ai", "was he lukas's guest twice", "which hosts
    /// brought up his mask campaign").
    static let backgroundWords: Set<String> = [
        "who", "whom", "whose", "work", "works", "worked", "job", "title", "role", "background", "career", "study",
        "studied", "degree", "university", "uni", "college", "phd", "founded", "founder", "cofounder", "president",
        "ceo", "start", "started", "starting", "launch", "launched", "guest", "guests", "twice", "host", "hosts",
    ]

    /// `word` (a content word, its first five letters) in its present form when it is a common irregular past form:
    /// "Jeremy and his wife wrote about masks" restates "did jeremy and his wife write about masks" as much as
    /// "…write about masks" would.
    static func baseForm(_ word: String) -> String { irregularPasts[word] ?? word }

    /// A content word as the restatement rule compares it: its base form without a final "s" or "d", cut to four
    /// letters, so that a word the question has in another form counts as the question's ("tune" and "tuned", "use"
    /// and "used" differ as content words: "Jeremy Howard fine tuned the base model to spit out SQL" only restates
    /// "which base model did jeremy fine tune to spit out sql…").
    static func restatedForm(_ word: String) -> String {
        let base = baseForm(word)
        let bare = base.count > 3 && (base.hasSuffix("s") || base.hasSuffix("d")) ? base.dropLast() : Substring(base)
        return String(bare.prefix(4))
    }

    static let irregularPasts: [String: String] = [
        "wrote": "write", "writt": "write", "taugh": "teach", "thoug": "think", "bough": "buy", "broug": "bring",
        "built": "build", "spent": "spend", "felt": "feel", "kept": "keep", "held": "hold", "left": "leave",
        "told": "tell", "sold": "sell", "found": "find", "made": "make", "took": "take", "taken": "take",
        "gave": "give", "given": "give", "came": "come", "becam": "becom", "began": "begin", "begun": "begin",
        "knew": "know", "known": "know", "saw": "see", "seen": "see", "ran": "run", "met": "meet", "led": "lead",
        "won": "win", "lost": "lose", "chose": "choos", "grew": "grow", "grown": "grow", "spoke": "speak",
        "wore": "wear", "worn": "wear", "got": "get", "gotte": "get", "paid": "pay", "heard": "hear", "meant": "mean",
        "fell": "fall", "drove": "drive", "stood": "stand", "sent": "send", "lent": "lend", "dealt": "deal",
    ]

    /// The one sentence of `question` that ends in a question mark, when the rest only tells where it came up ("how
    /// many members does the forum have? jeremy talked it up on latent space"); else the whole question.
    static func askingSentence(_ question: String) -> String {
        // The answer's splitter: a stop inside "fast.ai" ends no sentence.
        let sentences = SentenceSplitter.split(question).map(\.text)
        let asking = sentences.filter { $0.hasSuffix("?") }
        return asking.count == 1 && sentences.count > 1 ? asking[0] : question
    }

    /// True when `question` asks for yes or no: it starts with an auxiliary verb ("Does…", "Has…", "Is…").
    static func isYesNo(_ question: String) -> Bool {
        words(question).first.map(QuestionWords.auxiliaries.contains) ?? false
    }

    /// Content-word forms of a sentence that reports a question being asked.
    static let askingWords = Set(
        SupportCheck.contentWords("asked asks asking ask wondered wonders wondering inquired"))

    /// `text` without its questions (``isQuestion(_:)``).
    static func withoutQuestions(_ text: String) -> String {
        var kept = ""
        var current = ""
        for character in text {
            current.append(character)
            guard ".!?".contains(character) else { continue }
            if !isQuestion(current) { kept += current }
            current = ""
        }
        return kept + current
    }

    /// True when `sentence` ends in a question mark and is not a statement with a tag ("…and so had I, right?",
    /// "…it works, you know?"): the words after its last comma are more than two.
    static func isQuestion(_ sentence: String) -> Bool {
        let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix("?") else { return false }
        guard let comma = trimmed.lastIndex(of: ",") else { return true }
        return words(String(trimmed[comma...])).count > 2
    }

    /// Least number of question words (names aside) a sentence must share with the question before the cited
    /// passages must hold one of them.
    static let minimumLinks = 2

    /// The words of `sentence` whose content-word forms are `links`, lowercased, each once, in order.
    static func linkWords(_ sentence: String, _ links: Set<String>) -> [String] {
        var seen: Set<String> = []
        return words(sentence).filter { word in
            guard let form = SupportCheck.contentWords(word).first, links.contains(form) else { return false }
            return seen.insert(word).inserted
        }
    }

    /// The phrase of a refusal ("NOT COVERED", "do not answer", "no information"), if the sentence is one.
    static func refusalPhrase(_ sentence: String) -> String? {
        let lowered = sentence.lowercased()
        if lowered.contains(PromptBuilder.notCoveredMarker.lowercased()) { return PromptBuilder.notCoveredMarker }
        for phrase in refusalPhrases where lowered.contains(phrase) { return phrase }
        return nil
    }

    static let refusalPhrases = [
        "do not answer the question", "does not answer the question", "don't answer the question",
        "no information", "not mentioned in the passages", "not provided in the passages", "passages do not",
        "passages don't", "cannot answer", "can't answer", "is not covered", "are not covered",
        "not cover this question", "not cover the question",
    ]
}
