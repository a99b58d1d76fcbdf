import Foundation
import PodbotLibrary

/// Checks a generated answer sentence by sentence against the passages it was given, and keeps only what they
/// support.
///
/// A sentence is kept when the passages it cites hold at least ``CoveragePolicy/minimumSupport`` of its content
/// words and every name and number it states. A sentence without a marker, or whose markers name passages that do
/// not support it, is cited to the one given passage that does, if any. Everything else is dropped and never
/// shown: a sentence no passage supports, one that only restates the question, one that attributes words to a
/// speaker the cited passages do not name. Markers are rebuilt at the end of each kept sentence, so none lands
/// inside a word ("fast [1].ai" becomes "fast.ai … [1].").
public enum AnswerChecker {
    /// A kept sentence and the passages (1-based) that support it.
    public struct Sentence: Sendable, Equatable {
        public var text: String
        public var cited: [Int]
        /// Share of its content words found in the passages it cites.
        public var support: Double
        /// Its content words.
        var words = 0
        /// Set when it copies a speaker's words in the first person ("I started doing that in the management
        /// consulting world"): shown in quotation marks, since "I" is not the answer's.
        public var quotation: Quotation? = nil
        /// Its text as shown when that differs: a lone quotation mark paired, or taken out
        /// (``pairingQuotationMark(_:cited:sources:)``). The checks read `text`, as the model wrote it.
        public var display: String? = nil
    }

    /// A kept sentence shown as a speaker's words.
    public struct Quotation: Sendable, Equatable {
        /// Whose words they are, when a passage's speaker label says.
        public var speaker: String?
    }

    /// A sentence that was not shown, and why.
    public struct Dropped: Sendable, Equatable, Encodable {
        public var text: String
        public var reason: String

        /// The reasons of `dropped` in one line, each kind once: a reason given to several sentences is counted
        /// ("it is a question, not an answer ×2"), and reasons that differ only in the figures they end with
        /// ("it is not about the question (similarity 0.07, threshold 0.25)") are one kind, told without them.
        public static func summary(_ dropped: [Dropped]) -> String {
            var kinds: [(reason: String, count: Int)] = []
            for sentence in dropped {
                let kind = Self.kind(of: sentence.reason)
                if let index = kinds.firstIndex(where: { Self.kind(of: $0.reason) == kind }) {
                    kinds[index] = (kind, kinds[index].count + 1)
                } else {
                    kinds.append((sentence.reason, 1))
                }
            }
            return kinds.map { $0.count == 1 ? $0.reason : "\($0.reason) ×\($0.count)" }.joined(separator: "; ")
        }

        /// `reason` without the parenthesised figures it may end with.
        static func kind(of reason: String) -> String {
            guard reason.hasSuffix(")"), let open = reason.lastIndex(of: "("),
                reason[open...].contains(where: \.isNumber)
            else { return reason }
            return reason[..<open].trimmingCharacters(in: .whitespaces)
        }
    }

    /// The checked answer.
    public struct Outcome: Sendable, Equatable {
        /// The kept sentences, markers at their ends, joined by spaces.
        public var text: String
        public var sentences: [Sentence]
        public var dropped: [Dropped]
        /// Passage numbers in order of first citation.
        public var cited: [Int]
        /// Marker numbers that named no given passage.
        public var invalid: [Int]
        /// Times that are not times of a given passage (removed).
        public var removedTimes: [String]
        /// Share of the kept text's content words found in the passages each sentence cites; `nil` when nothing
        /// was kept.
        public var support: Double?

        init(_ kept: [Sentence], dropped: [Dropped], invalid: [Int], removedTimes: [String]) {
            var order: [Int] = []
            for sentence in kept { for n in sentence.cited where !order.contains(n) { order.append(n) } }
            let words = kept.map(\.words).reduce(0, +)
            let supported = kept.map { $0.support * Double($0.words) }.reduce(0, +)
            self.init(
                text: kept.map { render($0) }.joined(separator: " "),
                sentences: kept,
                dropped: dropped, cited: order, invalid: invalid, removedTimes: removedTimes,
                support: kept.isEmpty ? nil : words == 0 ? 1 : supported / Double(words))
        }

        init(
            text: String, sentences: [Sentence], dropped: [Dropped], cited: [Int], invalid: [Int],
            removedTimes: [String], support: Double?
        ) {
            self.text = text
            self.sentences = sentences
            self.dropped = dropped
            self.cited = cited
            self.invalid = invalid
            self.removedTimes = removedTimes
            self.support = support
        }

        /// This outcome with only the sentences at `indices` kept; the others join `dropped` with `reason`.
        public func keeping(_ indices: Set<Int>, reason: (Int) -> String) -> Outcome {
            let kept = sentences.indices.filter(indices.contains).map { sentences[$0] }
            let more = sentences.indices.filter { !indices.contains($0) }.map {
                Dropped(text: sentences[$0].text, reason: reason($0))
            }
            return Outcome(kept, dropped: dropped + more, invalid: invalid, removedTimes: removedTimes)
        }
    }

    /// Checks `raw` (the model's answer to `question`) against `passages`, numbered from 1 in the order given.
    /// `people` holds the name words of each passage's episode's people (``EpisodeMentions/people(of:)``), by
    /// episode id, where known; `named`, the whole names of the people the question names
    /// (``EpisodeMentions/peopleNamed(in:)``).
    public static func check(
        _ raw: String, question: String, passages: [SearchHit], people: [Int64: Set<String>] = [:],
        named: Set<String> = [], minimumSupport: Double
    ) -> Outcome {
        let allowedTimes = Set(
            passages.flatMap { [$0.startSeconds, $0.endSeconds].compactMap { $0 }.map(TimeFormat.clock) })
        let validated = CitationValidator.validate(raw, passageCount: passages.count, allowedTimes: allowedTimes)
        let sources = passages.map { Source($0, people: people[$0.episodeID] ?? []) }
        let questionWords = Set(SupportCheck.contentWords(question))
        var kept: [Sentence] = []
        var dropped: [Dropped] = []
        // The people the passages name (speakers, their episodes' people), and those of them the question asks about.
        let known = sources.reduce(into: Set<String>()) { $0.formUnion($1.speakers.union($1.people)) }
        let questionTerms = Set(keyTerms(question) + typedNames(question, known: known))
        let questionNames = Set(SupportCheck.contentWords(questionTerms.joined(separator: " ")))
        let asked = Set(questionTerms.flatMap(EpisodeMentions.fold)).intersection(known)
        // Words a sentence may be made of and still say nothing: the question's, the whole names of the people it
        // names ("…the iTerm2 utility Jeremy mentions…" is not answered by "Jeremy Howard mentions iTerm2 utility…")
        // and, for a yes-or-no question, the names of the people in the passages ("Does Jeremy like Python?" is not
        // answered by "Jeremy Howard does like Python [1]", cited to an introduction). For a who-question the name
        // is the answer.
        let questionDigits = Set(digits(question))
        let questionSequence = words(question)
        // These rules read the sentence that asks, when the listener adds one that does not ("how many members does
        // the forum have? jeremy talked it up on latent space and with hugo").
        let asking = askingSentence(question)
        let askingSequence = words(asking)
        // "What is X called?", "Which name…?"; not "Why did Jeremy name his company…?".
        let asksForName =
            ["what", "whats", "which"].contains(askingSequence.first ?? "")
            && !Set(askingSequence).isDisjoint(with: ["called", "named", "name"])
        // "How many…?" and "How much…?" are answered by a number, when they are all the question asks; "How much
        // does Jeremy like Julia?" asks a degree.
        let asksDegree = askingSequence.contains(where: degreeVerbs.contains)
        let oneClause = AskPipeline.pieces(of: asking).count < 2
        let asksForCount =
            zip(askingSequence, askingSequence.dropFirst()).contains {
                $0 == "how" && ($1 == "many" || ($1 == "much" && !asksDegree))
            }
            && oneClause
        // "Who was the Czech YouTuber…?" is answered by a name, in one sentence of the answer at least; the others
        // may go on about what that person did.
        let asksForPerson =
            ["who", "whom"].contains(askingSequence.first ?? "") && oneClause
        // "Where does Alessio work?" and "why did jeremy start fast.ai?" are answered by a show's introduction; "How
        // long had Runway been around when Cris came on?" is not, though the introduction says what Runway is.
        let asksBackground = !Set(questionSequence).isDisjoint(with: backgroundWords)
        var restated = questionWords.union(SupportCheck.contentWords(named.sorted().joined(separator: " ")))
        if isYesNo(question) {
            for source in sources {
                restated.formUnion(
                    SupportCheck.contentWords(source.speakers.union(source.people).joined(separator: " ")))
            }
        }
        // What a name in the answer must not be, to answer a question asking for one.
        let givenNames = questionSequence + Array(restated)
        // The names or numbers of the sentence just dropped that no passage holds: a sentence that goes on about
        // them with "it", "they", "this"… is about them too ("Cristóbal thinks Sora is a great model. It's actually a
        // very model…", for a question about Sora that no passage mentions). "He" and "she" go on about the person
        // the sentence was about, who may be in every passage ("Jeremy wanted to understand… RNNs… He also wanted…").
        var unheld: [String] = []
        for piece in SentenceSplitter.split(validated.text) {
            let body = withoutHeader(piece.text, passages: passages)
            guard !SupportCheck.contentWords(body).isEmpty else { continue }
            let before = unheld
            unheld = []
            if !before.isEmpty, let first = words(body).first, referringWords.contains(first) {
                dropped.append(
                    Dropped(text: body, reason: "it goes on about \(quoted(before)), which no passage holds"))
                unheld = before
                continue
            }
            if let refusal = refusalPhrase(body) {
                dropped.append(Dropped(text: body, reason: "the model says the passages do not answer (\(refusal))"))
                continue
            }
            let words = SupportCheck.contentWords(body)
            // A number the question lacks is an answer, however short ("…has written 1 academic paper").
            if Set(words.map(restatedForm)).isSubset(of: restated.map(restatedForm)),
                Set(digits(body)).isSubset(of: questionDigits)
            {
                dropped.append(Dropped(text: body, reason: "it only restates the question"))
                continue
            }
            // What something is called is answered by a name: "Jeremy Howard's daughter is named Jeremy Howards"
            // gives none but the question's own.
            if asksForName, !namesSomething(body, besides: givenNames) {
                dropped.append(Dropped(text: body, reason: "the question asks for a name and it gives none of its own"))
                continue
            }
            // "Weights & Biases has a cluster of AWS servers that scales…" gives "How many employees does Weights &
            // Biases have?" no number.
            if asksForCount, !countsSomething(body, besides: questionSequence) {
                dropped.append(
                    Dropped(text: body, reason: "the question asks how many or how much and it gives no number"))
                continue
            }
            // A question answers nothing; the model copies a host's questions out of the passages. One it reports
            // ("He asked, does the AI listen to songs?") may answer what was asked.
            if isQuestion(body), !words.contains(where: askingWords.contains) {
                dropped.append(Dropped(text: body, reason: "it is a question, not an answer"))
                continue
            }
            // A bare name may answer a who-question; a longer run of header words is the header copied out.
            if words.count >= 4, sources.contains(where: { $0.copiesHeader(words) }) {
                dropped.append(Dropped(text: body, reason: "it only repeats a passage's title and speakers"))
                continue
            }
            // A name in quotation marks that only a passage's header holds is the show or episode copied in as what
            // was said: "Jeremy Howard's TED Talk is titled "Vanishing Gradients"" (the show's name; no passage
            // names the talk).
            if let quotation = headerOnlyQuotation(body, sources: sources) {
                dropped.append(
                    Dropped(
                        text: body, reason: "it quotes \"\(quotation)\", which only a passage's title or show holds"))
                continue
            }
            if kept.contains(where: { SupportCheck.contentWords($0.text) == words }) {
                dropped.append(Dropped(text: body, reason: "it repeats an earlier sentence"))
                continue
            }
            let links = Set(words).intersection(questionWords).subtracting(questionNames)
            let verdict = judge(
                body, words: words, markers: piece.markers, sources: sources, minimum: minimumSupport,
                questionTerms: questionTerms, questionWords: questionWords, links: links, asked: asked, known: known,
                questionSequence: questionSequence)
            switch verdict {
            case .keep(let cited, _)
            where !asksBackground && !cited.isEmpty && cited.allSatisfy({ sources[$0 - 1].opening }):
                dropped.append(Dropped(text: body, reason: "it rests only on how the show introduces its guest"))
            case .keep(let cited, let support):
                let shown = pairingQuotationMark(body, cited: cited, sources: sources)
                kept.append(
                    Sentence(
                        text: body, cited: cited, support: support, words: words.count,
                        quotation: quotation(of: shown, cited: cited, sources: sources),
                        display: shown == body ? nil : shown))
            case .drop(let reason, let terms):
                dropped.append(Dropped(text: body, reason: reason))
                unheld = terms
            }
        }
        // "The Czech science youtuber… within three or four days the whole country had made enough masks" names no
        // one for "who was the czech science youtuber…", however well its passage supports it.
        if asksForPerson,
            !kept.contains(where: { namesSomething($0.text, besides: givenNames) })
        {
            dropped += kept.map { Dropped(text: $0.text, reason: "the question asks who and the answer names no one") }
            kept = []
        }
        return Outcome(kept, dropped: dropped, invalid: validated.invalid, removedTimes: validated.removedTimes)
    }

    /// A passage as the check sees it: its content words and the exact words of its text and header.
    struct Source {
        var words: Set<String>
        /// Lowercased letters-and-digits words of the text, title, show and speaker, and the digits of its number
        /// words.
        var exact: Set<String>
        /// The lowercased letters-and-digits words of the text, in order.
        var sequence: [String]
        /// Lowercased speaker names (each word, without diacritics), empty when the passage names none.
        var speakers: Set<String>
        /// The name words of the people of the passage's episode (hosts, guests, speakers), folded; empty when
        /// not known.
        var people: Set<String>
        /// Content words of the header the prompt shows (title, show, speaker): a sentence made only of these says
        /// nothing about the question.
        var title: Set<String>
        /// ``words`` without those only the passage's questions hold ("Should they focus on small models?"): what
        /// someone asked is not what anyone said.
        var stated: Set<String>
        /// The turns of a passage two speakers or more share (``SearchHit/turns``); empty otherwise.
        var turns: [Turn]
        /// The passage's speaker label as given ("Lukas", "Lukas, Jeremy"); empty when it has none.
        var label: String
        /// One of the first ``openingPassages`` passages of an episode of ``conversationPassages`` or more, where a
        /// show introduces its guest.
        var opening: Bool

        /// True when `words` (content words of four or more) are only this passage's header: its title, show and
        /// speakers, or those with its people's names in another form and a word of the title or show besides
        /// ("Cris Valenzuela — The Next Generation of Content Creation and AI · Lukas", where the title says
        /// "Cristóbal"). Names alone ("Jeremy Howard and Lukas Biewald") may answer a who-question.
        func copiesHeader(_ words: [String]) -> Bool {
            let claimed = Set(words)
            if claimed.isSubset(of: title) { return true }
            let names = Set(SupportCheck.contentWords(speakers.union(people).joined(separator: " ")))
            return claimed.isSubset(of: title.union(names)) && !claimed.isDisjoint(with: title.subtracting(names))
        }

        /// The turns holding the most of `claim`'s words (ties give several); none when no turn holds any.
        func turns(holdingMost claim: [String]) -> [Turn] {
            let counts = turns.map { turn in claim.filter(turn.words.contains).count }
            guard let most = counts.max(), most > 0 else { return [] }
            return turns.indices.filter { counts[$0] == most }.map { turns[$0] }
        }

        /// One speaker's turn: the label, its name words (as ``speakers``) and the turn's content words.
        struct Turn {
            var label: String
            var speakers: Set<String>
            var words: Set<String>
        }

        init(_ hit: SearchHit, people: Set<String> = []) {
            self.people = people
            let header = [hit.title, hit.show ?? "", hit.speaker ?? ""].joined(separator: " ")
            title = Set(SupportCheck.contentWords(header))
            // Numbers either way: an answer's "2 months" is the transcript's "two months", its "five" a CSV's "5".
            func contentWords(_ all: [String]) -> Set<String> {
                Set(SupportCheck.contentWords((all + all.compactMap(NumberWords.spelled)).joined(separator: " ")))
            }
            let all = AnswerChecker.words(hit.text + " " + header)
            words = contentWords(all)
            stated = contentWords(AnswerChecker.words(AnswerChecker.withoutQuestions(hit.text) + " " + header))
            exact = Set(all).union(NumberWords.digitForms(in: all))
            sequence = AnswerChecker.words(hit.text)
            speakers = Self.speakers(hit.speaker, title: hit.title)
            label = hit.speaker ?? ""
            opening =
                (hit.ordinal ?? .max) < AnswerChecker.openingPassages
                && (hit.episodePassages ?? 0) >= AnswerChecker.conversationPassages
            turns = hit.turns.map { turn in
                Turn(
                    label: turn.speaker, speakers: Self.speakers(turn.speaker, title: hit.title),
                    words: contentWords(AnswerChecker.words(turn.text)))
            }
        }

        /// The words of `label`, and of the name `title` starts with when a label is that name shortened: the
        /// transcript's "Cris" is the title's "Cristóbal Valenzuela", who may be named either way.
        static func speakers(_ label: String?, title: String) -> Set<String> {
            var names = Set(EpisodeMentions.fold(label ?? ""))
            if let full = EpisodeMentions.leadingName(title).map(EpisodeMentions.fold),
                names.contains(where: { EpisodeMentions.shortens($0, full) })
            {
                names.formUnion(full)
            }
            return names
        }
    }

    enum Verdict {
        case keep([Int], Double)
        /// Dropped, with the names or numbers no passage holds when that is why.
        case drop(String, unheld: [String] = [])
    }

    static func judge(
        _ sentence: String, words: [String], markers: [Int], sources: [Source], minimum: Double,
        questionTerms: Set<String> = [], questionWords: Set<String> = [], links: Set<String> = [],
        asked: Set<String> = [], known: Set<String> = [], questionSequence: [String] = []
    ) -> Verdict {
        let terms = keyTerms(sentence)
        let sequence = AnswerChecker.words(sentence)
        // The rest of a name the question gives, beside a part of it the passage holds: "Sylvain Guger" for the
        // question's "sylvain gugger" where the passage says "Sylvain" alone. The question vouches for whom it
        // means; the passage still has to hold the name it is known by there.
        let capitalised = Set(
            nameTokens(sentence).filter { $0.first?.isUppercase == true }.flatMap(AnswerChecker.words).filter {
                $0.count >= 3 && !SupportCheck.stopWords.contains($0)
            })
        func restOfAskedName(_ term: String, _ source: Source) -> Bool {
            guard term.count >= 3, term.allSatisfy(\.isLetter) else { return false }
            let asked = questionSequence.indices.filter {
                questionSequence[$0] == term || misheard(term, questionSequence[$0])
            }
            func word(_ list: [String], _ index: Int) -> String? { list.indices.contains(index) ? list[index] : nil }
            return sequence.indices.contains { index in
                sequence[index] == term
                    && [-1, 1].contains { offset in
                        guard let name = word(sequence, index + offset), capitalised.contains(name),
                            source.exact.contains(name)
                        else { return false }
                        return asked.contains { word(questionSequence, $0 + offset) == name }
                    }
            }
        }
        /// Share of `list` found in the passages `numbers`; 1 for an empty list.
        func share(of list: [String], in numbers: [Int]) -> Double {
            guard !list.isEmpty else { return 1 }
            return Double(list.filter { word in numbers.contains { sources[$0 - 1].words.contains(word) } }.count)
                / Double(list.count)
        }
        func support(_ numbers: [Int]) -> Double { share(of: words, in: numbers) }
        func missingTerms(_ numbers: [Int]) -> [String] {
            terms.filter { term in
                !numbers.contains { number in
                    let source = sources[number - 1]
                    // A name the answer repeats from the question may be the listener's spelling of one the
                    // passage holds ("Cagle" for "Kaggle").
                    return source.exact.contains(term)
                        || (questionTerms.contains(term) && source.exact.contains { misheard(term, $0) })
                        || restOfAskedName(term, source)
                }
            }
        }
        // The words a sentence adds to the question carry its claim. A sentence made mostly of the question's words
        // passes the support share on them alone, while the word that says something may come from another passage
        // ("Jeremy thinks that Swift for machine learning is a failure [2]": "failure" is said of TensorFlow 2 in
        // another passage, not in [2]). A word is the question's when their first four letters agree ("feels" in
        // the answer, "feel" in the question).
        let questionStarts = Set(questionWords.map { $0.prefix(4) })
        let added = words.filter { !questionStarts.contains($0.prefix(4)) }
        func names(_ speakers: Set<String>, _ key: String) -> Bool {
            speakers.contains { $0 == key || misheard(key, $0) }
        }
        // The turns of a shared passage that hold most of the sentence's claim: the words it adds to the question,
        // or all its words when it adds none (ties give several).
        let claim = added.isEmpty ? words : added
        func closestTurns(_ source: Source) -> [Source.Turn] { source.turns(holdingMost: claim) }
        // With one person asked about, "He says…" and "She notes…" are that person's claim.
        let claimants = speakersClaimed(sentence, pronoun: asked.count == 1 ? asked.first : nil, people: known)
        let claimed = claimants.last
        func misattributed(_ numbers: [Int]) -> String? {
            // A speech verb after a name that the cited passages' speaker labels do not hold, when they hold some;
            // in a passage two speakers share, the speaker of the turn its claim comes from. A passage without
            // labels is judged by its episode's people: "Cris thinks…" cannot come from a Jeremy interview. Each of
            // several names before the verb ("Sarah and Jeremy said…") must be such a speaker.
            let judged = numbers.filter { !sources[$0 - 1].speakers.isEmpty || !sources[$0 - 1].people.isEmpty }
            guard !judged.isEmpty else { return nil }
            return claimants.first { name in
                let key = nameKey(name)
                return !judged.contains { number in
                    let source = sources[number - 1]
                    if source.speakers.isEmpty { return names(source.people, key) }
                    let turns = closestTurns(source)
                    return turns.isEmpty ? names(source.speakers, key) : turns.contains { names($0.speakers, key) }
                }
            }
        }
        // A sentence that names no speaker and does not say whom it is about, answering a question about someone,
        // whose claim comes from a passage, or a turn of one, labelled with someone else: the host's words read as
        // the guest's ("What does Jeremy think…" answered "…it does sort of seem like prompt engineering is a huge
        // step", which Lukas says). "Jeremy was the president of Kaggle", said by the host, stays.
        let sentenceWords = Set(EpisodeMentions.fold(sentence))
        let saysWhom = !sentenceWords.isDisjoint(with: asked) || !sentenceWords.isDisjoint(with: thirdPersons)
        func voicedByOther(_ numbers: [Int]) -> (speaker: String, asked: String)? {
            guard !asked.isEmpty, claimed == nil, !saysWhom else { return nil }
            for number in numbers {
                let source = sources[number - 1]
                if source.turns.isEmpty {
                    guard !source.speakers.isEmpty, source.speakers.isDisjoint(with: asked) else { continue }
                    return (source.label, asked.sorted().joined(separator: ", "))
                }
                let turns = closestTurns(source)
                guard !turns.isEmpty, turns.allSatisfy({ $0.speakers.isDisjoint(with: asked) }),
                    let person = source.turns.first(where: { !$0.speakers.isDisjoint(with: asked) })
                else { continue }
                return (turns[0].label, person.label)
            }
            return nil
        }
        // The words a sentence takes from the question tie it to the question. When it takes several and the cited
        // passages hold none of them, it restates the question around what the passages say about something else
        // ("Jeremy stopped playing music because he was the president of Kaggle"): the support check's share
        // counts the passages' words, the relevance check counts the question's, and each alone lets it through.
        func unlinked(_ numbers: [Int]) -> Bool {
            links.count >= minimumLinks
                && !links.contains { word in numbers.contains { sources[$0 - 1].words.contains(word) } }
        }
        // A claim whose words the cited passages hold only in a question someone asked there ("Should they focus on
        // small model development?" made into "He says the best use of their time is small model development")
        // states what nobody said. A sentence that reports the asking ("Lukas asked whether…") may use them, and
        // the listener's own words may come from there: a host's question is where a topic is named.
        let reportsAsking = words.contains { askingWords.contains($0) }
        func questionBorne(_ numbers: [Int]) -> Bool {
            guard !reportsAsking, !words.isEmpty else { return false }
            let stated = words.filter { word in
                numbers.contains { number in
                    let source = sources[number - 1]
                    return source.stated.contains(word) || (questionWords.contains(word) && source.words.contains(word))
                }
            }.count
            return Double(stated) / Double(words.count) < minimum
        }
        // What a sentence adds to the question must be in its cited passages too (``added``).
        func addedSupport(_ numbers: [Int]) -> Double { share(of: added, in: numbers) }
        // Words a passage says of a thing, given to a person: "He's really pretty rubbish [2]" from "…all of their low
        // level libraries… they're really pretty rubbish".
        func thingMadePerson(_ numbers: [Int]) -> String? {
            numbers.lazy.compactMap { thingSaidOfPerson(sequence, passage: sources[$0 - 1].sequence, people: known) }
                .first
        }
        func acceptable(_ numbers: [Int]) -> Bool {
            !numbers.isEmpty && support(numbers) >= minimum && addedSupport(numbers) >= minimum
                && missingTerms(numbers).isEmpty && misattributed(numbers) == nil && !unlinked(numbers)
                && !questionBorne(numbers) && voicedByOther(numbers) == nil && thingMadePerson(numbers) == nil
        }
        if acceptable(markers) { return .keep(markers, support(markers)) }
        // The markers are missing or name the wrong passage: cite the one given passage that supports the sentence.
        // Ties go to the better-ranked passage.
        var best: (numbers: [Int], support: Double)?
        for numbers in sources.indices.map({ [$0 + 1] }) where acceptable(numbers) {
            let value = support(numbers)
            if value > (best?.support ?? -1) { best = (numbers, value) }
        }
        // Never two passages the model did not cite together: on the dev set that joined facts into falsehoods
        // ("Lukas Biewald found fast.ai before Weights & Biases [2][5]").
        if let best { return .keep(best.numbers, best.support) }
        // Why not, told of the passages it cites or, when it cites none, of the one holding most of its words.
        let judged =
            markers.isEmpty
            ? sources.indices.map { [$0 + 1] }.max { support($0) < support($1) } ?? [] : markers
        let place = markers.isEmpty ? "the passage holding most of its words" : "the passages it cites"
        if let name = misattributed(judged) {
            return .drop("it attributes the words to \(name), not a speaker of \(place)")
        }
        if let voiced = voicedByOther(judged) {
            return .drop("its words are \(voiced.speaker)'s in \(place), and the question asks about \(voiced.asked)")
        }
        if support(judged) >= minimum, let thing = thingMadePerson(judged) {
            return .drop("it says of a person what \(place) \(markers.isEmpty ? "says" : "say") of \"\(thing)\"")
        }
        let missing = missingTerms(judged)
        if !missing.isEmpty {
            return .drop("\(quoted(missing)) \(missing.count == 1 ? "is" : "are") not in " + place, unheld: missing)
        }
        if support(judged) >= minimum, questionBorne(judged) {
            return .drop("its words are those of a question asked in \(place), not of an answer")
        }
        if support(judged) >= minimum, unlinked(judged) {
            return .drop(
                "the words it shares with the question (\(linkWords(sentence, links).joined(separator: ", "))) are not in "
                    + place)
        }
        if support(judged) >= minimum {
            return .drop(
                "only \(Int((addedSupport(judged) * 100).rounded()))% of the words it adds to the question are in "
                    + place)
        }
        return .drop("only \(Int((support(judged) * 100).rounded()))% of its words are in \(place)")
    }

    /// `terms` quoted and joined with commas: `"sora", "openai"`.
    static func quoted(_ terms: [String]) -> String { terms.map { "\"\($0)\"" }.joined(separator: ", ") }

    /// The runs of digits in `text` ("1", "70", "2019").
    static func digits(_ text: String) -> [String] {
        text.split { !$0.isNumber }.map(String.init)
    }

    /// Lowercased runs of letters and digits.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// A split sentence written back with its markers, as the check reads it.
    static func source(of piece: SentenceSplitter.Piece) -> String { render(piece.text, markers: piece.markers) }

    /// A kept sentence as shown: `render(_:markers:quoting:)`, quoted when it copies a speaker's words.
    static func render(_ sentence: Sentence) -> String {
        render(
            sentence.display ?? sentence.text, markers: sentence.cited,
            quoting: sentence.quotation.map { $0.speaker ?? "" })
    }

    /// `sentence` with `markers` before its closing punctuation: "It was archived [2][3]." In quotation marks when
    /// `quoting` is given, after it and a colon unless it is "" (a speaker's words, whose speaker may not be known).
    static func render(_ sentence: String, markers: [Int], quoting: String? = nil) -> String {
        var body = sentence
        var closing = ""
        while let last = body.last, ".!?".contains(last) || last.isWhitespace {
            closing = String(last) + closing
            body.removeLast()
        }
        closing = closing.trimmingCharacters(in: .whitespaces)
        let marks = markers.map { "[\($0)]" }.joined()
        // A speaker's words copied in the first person: `Sarah: “I'm very skeptical of no-code” [2].`
        if let quoting {
            let stop = closing.isEmpty || closing == "." ? "" : closing
            return (quoting.isEmpty ? "" : quoting + ": ") + "“" + body + stop + "”"
                + (marks.isEmpty ? "" : " " + marks)
                + "."
        }
        // A sentence that ends inside its quotation ("… "Does the AI listen to songs?"") needs no second stop.
        let quoted = body.count >= 2 && "\"”".contains(body.last!) && ".!?".contains(body.dropLast().last!)
        return body + (marks.isEmpty ? "" : " " + marks) + (closing.isEmpty && !quoted ? "." : closing)
    }
}
