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

    /// A quotation of `sentence` whose content words all are in a passage's header (title, show, speaker) while no
    /// passage's text holds its words in a row; `nil` when there is none.
    static func headerOnlyQuotation(_ sentence: String, sources: [Source]) -> String? {
        quotations(sentence).first { quotation in
            let content = Set(SupportCheck.contentWords(quotation))
            let run = words(quotation)
            guard !content.isEmpty, sources.contains(where: { content.isSubset(of: $0.title) }) else { return false }
            return !sources.contains { !places(of: run[...], in: $0.sequence).isEmpty }
        }
    }

    /// Double quotation marks, straight or curly.
    static let quotationMarks: Set<Character> = ["\"", "“", "”"]

    /// The runs of `text` between double quotation marks, straight or curly.
    static func quotations(_ text: String) -> [String] {
        var runs: [String] = []
        var current: String?
        for character in text {
            if quotationMarks.contains(character) {
                if let run = current {
                    runs.append(run)
                    current = nil
                } else {
                    current = ""
                }
            } else {
                current?.append(character)
            }
        }
        return runs
    }

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

    /// Words that open a sentence going on about a thing the one before it named: the words a thing is said of, and
    /// their possessives; not "that" ("That is why…").
    static let referringWords = thingWords.subtracting(["that"]).union(["its", "their"])

    /// `terms` quoted and joined with commas: `"sora", "openai"`.
    static func quoted(_ terms: [String]) -> String { terms.map { "\"\($0)\"" }.joined(separator: ", ") }

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

    /// How `sentence` is shown when it copies a speaker's words in the first person from a passage it cites: with
    /// the speaker whose they are, when the passage's label or turn names one ("We use lots of boosted models" is
    /// Jeremy's, "Her investments include a whole bunch of companies I admire" the host's), else without a name.
    /// `nil` for the answer's own words, a quotation already, or a sentence naming the speaker it copies.
    static func quotation(of sentence: String, cited: [Int], sources: [Source]) -> Quotation? {
        guard !sentence.contains(where: quotationMarks.contains),
            nameTokens(sentence).contains(where: firstPerson.contains)
        else { return nil }
        let sequence = words(sentence)
        let content = Array(Set(SupportCheck.contentWords(sentence)))
        for number in cited {
            let source = sources[number - 1]
            guard copiedShare(sequence, from: source.sequence) >= minimumCopiedShare else { continue }
            let speaker: String?
            if source.turns.isEmpty {
                speaker = source.speakers.isEmpty || source.label.contains(",") ? nil : source.label
            } else {
                let labels = Set(source.turns(holdingMost: content).map(\.label))
                speaker = labels.count == 1 ? labels.first : nil
            }
            guard let speaker else { return Quotation(speaker: nil) }
            // "Jeremy mentions the Michaela school, which I believe…" is the answer's words around his.
            let named = !Set(EpisodeMentions.fold(speaker)).isDisjoint(with: EpisodeMentions.fold(sentence))
            return named ? nil : Quotation(speaker: speaker)
        }
        return nil
    }

    /// The one sentence of `question` that ends in a question mark, when the rest only tells where it came up ("how
    /// many members does the forum have? jeremy talked it up on latent space"); else the whole question.
    static func askingSentence(_ question: String) -> String {
        // The answer's splitter: a stop inside "fast.ai" ends no sentence.
        let sentences = SentenceSplitter.split(question).map(\.text)
        let asking = sentences.filter { $0.hasSuffix("?") }
        return asking.count == 1 && sentences.count > 1 ? asking[0] : question
    }

    /// `sentence` with its one quotation mark paired, or without it. The model opens a speaker's words and ends the
    /// sentence before closing them (`Cris: "Runway aims basically to simplify…`), or closes words an earlier
    /// sentence opened; shown as written, the lone mark reads as a broken answer. Words a cited passage holds as
    /// written (``copiedShare(_:from:)`` of ``minimumCopiedShare`` or more; all of them, in a row, for fewer than four)
    /// are a quotation and get the missing mark; others are the model's, and lose the mark rather than pass for a
    /// speaker's words.
    static func pairingQuotationMark(_ sentence: String, cited: [Int], sources: [Source]) -> String {
        let marks = sentence.indices.filter { quotationMarks.contains(sentence[$0]) }
        guard marks.count == 1, let mark = marks.first else { return sentence }
        let after = sentence.index(after: mark)
        let opens =
            sentence[mark] == "“"
            || (sentence[mark] == "\"" && after < sentence.endIndex && !sentence[after].isWhitespace
                && !".,;:!?".contains(sentence[after]))
        let run = words(String(opens ? sentence[after...] : sentence[..<mark]))
        // A few words ("AI is magical") are a quotation when a passage holds them in a row.
        let copied = cited.contains { number in
            let passage = sources[number - 1].sequence
            return run.count < 4
                ? !places(of: run[...], in: passage).isEmpty : copiedShare(run, from: passage) >= minimumCopiedShare
        }
        var paired = sentence
        guard copied else {
            paired.remove(at: mark)
            return paired.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        }
        let straight = sentence[mark] == "\""
        if opens {
            // The closing mark goes before the sentence's closing stop, as `render` expects.
            var end = paired.endIndex
            while end > after, ".!?".contains(paired[paired.index(before: end)]) { end = paired.index(before: end) }
            paired.insert(straight ? "\"" : "”", at: end)
        } else {
            paired.insert(straight ? "\"" : "“", at: paired.startIndex)
        }
        return paired
    }

    /// First-person words, as written: "I" capitalised, "us" only in lower case ("US" is the country).
    static let firstPerson: Set<String> = [
        "I", "I'm", "I've", "I'd", "I'll", "me", "my", "My", "mine", "myself", "we", "We", "we're", "We're", "we've",
        "We've", "we'd", "We'd", "we'll", "We'll", "us", "our", "Our", "ours", "ourselves",
    ]

    /// The share of `sequence`'s words that lie in runs of four or more words `passage` holds in the same order.
    static func copiedShare(_ sequence: [String], from passage: [String]) -> Double {
        guard !sequence.isEmpty else { return 0 }
        let run = 4
        var covered = Array(repeating: false, count: sequence.count)
        if sequence.count >= run {
            for start in 0...(sequence.count - run)
            where !places(of: sequence[start..<(start + run)], in: passage).isEmpty {
                for index in start..<(start + run) { covered[index] = true }
            }
        }
        return Double(covered.filter { $0 }.count) / Double(sequence.count)
    }

    /// The least share of a sentence's words that must be a passage's own for it to be shown as a quotation.
    static let minimumCopiedShare = 0.9

    /// Where `run` starts in `sequence`, word for word.
    static func places(of run: ArraySlice<String>, in sequence: [String]) -> [Int] {
        guard !run.isEmpty, run.count <= sequence.count else { return [] }
        return (0...(sequence.count - run.count)).filter { sequence[$0..<($0 + run.count)].elementsEqual(run) }
    }

    static let subjectPronouns: Set<String> = ["he", "she"]
    static let copulas: Set<String> = ["s", "re", "is", "are", "was", "were"]
    static let softeners: Set<String> = ["ve", "ll", "d", "just", "also", "really", "still"]
    static let thingWords: Set<String> = ["they", "it", "this", "that", "these", "those"]

    /// True when `question` asks for yes or no: it starts with an auxiliary verb ("Does…", "Has…", "Is…").
    static func isYesNo(_ question: String) -> Bool {
        words(question).first.map(QuestionWords.auxiliaries.contains) ?? false
    }

    /// Adverbs that may stand between a speaker and a speech verb ("Sarah also notes").
    static let subjectAdverbs: Set<String> = ["also", "further", "then", "later", "once", "even", "still", "again"]

    /// Words that say a sentence is about a third person.
    static let thirdPersons: Set<String> = ["he", "she", "his", "her", "him"]

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

    /// `sentence` without a passage header the model copied in front of it ("Jeremy Howard, second visit (Gradient
    /// Dissent), that the paid-API models …"), when a claim remains after it.
    static func withoutHeader(_ sentence: String, passages: [SearchHit]) -> String {
        for passage in passages {
            let headers = [passage.show.map { "\(passage.title) (\($0))" }, passage.title].compactMap { $0 }
            for header in headers where sentence.lowercased().hasPrefix(header.lowercased()) {
                let rest = sentence.dropFirst(header.count).drop { " ,:;·-—".contains($0) }
                let headerWords = Set(
                    SupportCheck.contentWords(
                        [passage.title, passage.show ?? "", passage.speaker ?? ""].joined(separator: " ")))
                // The header was the subject ("… (raw ASR transcript) says N95 respirators…"): the claim is what
                // follows the verb, and a title is nobody to attribute it to.
                var words = rest.split(separator: " ", omittingEmptySubsequences: true)
                if let verb = words.first, speechVerbs.contains(verb.lowercased()), words.count > 2 {
                    words.removeFirst()
                    if words.first?.lowercased() == "that" { words.removeFirst() }
                }
                let stripped = words.joined(separator: " ")
                let claim = SupportCheck.contentWords(stripped).filter { !headerWords.contains($0) }
                if claim.count >= 2 { return stripped.prefix(1).uppercased() + stripped.dropFirst() }
            }
        }
        return sentence
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

    /// The word a claimed name is compared by: its first, without diacritics ("cristóbal" is "cristobal",
    /// "bowne-anderson" "bowne").
    static func nameKey(_ name: String) -> String { EpisodeMentions.fold(name).first ?? name }

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

/// Splits an answer into sentences and takes each one's `[n]` markers out of its text.
enum SentenceSplitter {
    struct Piece: Equatable {
        /// The sentence without markers, whitespace collapsed.
        var text: String
        /// Marker numbers in the sentence, in order, without repeats; markers right after a sentence's end
        /// ("claim. [1]") belong to it.
        var markers: [Int]
    }

    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var markers: [Int] = []
        let characters = Array(text)
        var index = 0
        // Where the sentence's text stood after its last marker: "[1] and [2]" joins two markers, and the "and"
        // goes with them.
        var afterMarker: Int?
        func flush() {
            let body = current.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !body.isEmpty {
                pieces.append(Piece(text: body, markers: markers))
            } else if !markers.isEmpty, !pieces.isEmpty {
                for n in markers where !pieces[pieces.count - 1].markers.contains(n) {
                    pieces[pieces.count - 1].markers.append(n)
                }
            }
            current = ""
            markers = []
            afterMarker = nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == "[", let (numbers, end) = marker(characters, at: index) {
                let hasWords = current.contains { $0.isLetter || $0.isNumber }
                if !hasWords, !pieces.isEmpty {
                    // Markers that open a sentence close the one before ("claim. [1] Next …").
                    for n in numbers where !pieces[pieces.count - 1].markers.contains(n) {
                        pieces[pieces.count - 1].markers.append(n)
                    }
                } else {
                    for n in numbers where !markers.contains(n) { markers.append(n) }
                }
                if let start = afterMarker, start <= current.count,
                    joiners.contains(current.dropFirst(start).trimmingCharacters(in: .whitespaces).lowercased())
                {
                    current.removeLast(current.count - start)
                }
                // Drop the space before the marker so "fast [1].ai" reads "fast.ai".
                while current.last == " " { current.removeLast() }
                // A marker read as a noun ("mentioned in [2] is", "in the passage [1] by saying") takes the words
                // that point at it along, or the sentence reads "mentioned in is".
                if let reference = passageReference(before: current) {
                    current.removeLast(reference)
                    while current.last == " " { current.removeLast() }
                }
                afterMarker = current.count
                index = end
                if index < characters.count, characters[index].isLetter || characters[index].isNumber {
                    current.append(" ")
                }
                continue
            }
            current.append(character)
            index += 1
            if character == "\n" {
                flush()
            } else if ".!?".contains(character) {
                // A sentence ends at . ! ? before whitespace, a marker, a quote or the end; not inside "fast.ai"
                // or "3.5".
                guard index >= characters.count || characters[index].isWhitespace || "[\"”)".contains(characters[index])
                else { continue }
                // Nor inside a number the model spaced ("put $1. 5 million into Kaggle"): cut there, "put $1" reads
                // as an answer and the rest goes.
                if character == ".", index >= 2, characters[index - 2].isNumber, index + 1 < characters.count,
                    characters[index] == " ", characters[index + 1].isNumber
                {
                    continue
                }
                // A quotation or parenthesis that closes with the sentence ("… understand, "Is it working?" It …")
                // stays with it instead of opening the next one; so does a quote mark after a space when the
                // sentence holds an unclosed quotation ("… this thing works. " And …").
                var close = index
                if close < characters.count, characters[close] == " ", current.filter({ $0 == "\"" }).count % 2 == 1 {
                    close += 1
                }
                if close < characters.count, "\"”)".contains(characters[close]),
                    close + 1 >= characters.count || characters[close + 1].isWhitespace || characters[close + 1] == "["
                {
                    current.append(characters[close])
                    index = close + 1
                }
                // Markers right after the end ("claim. [1]") belong to this sentence.
                var look = index
                while true {
                    var next = look
                    while next < characters.count, characters[next] == " " { next += 1 }
                    guard next < characters.count, characters[next] == "[",
                        let (numbers, end) = marker(characters, at: next)
                    else { break }
                    for n in numbers where !markers.contains(n) { markers.append(n) }
                    look = end
                }
                index = look
                flush()
            }
        }
        flush()
        return pieces
    }

    /// How many characters at the end of `text` point at a passage ("in", "from the passage", "in passages"), when
    /// words come before them; `nil` otherwise. "Passage" without a preposition stays ("as the passage [2] says"),
    /// and so does "see" ("as you can see [1]").
    static func passageReference(before text: String) -> Int? {
        let words = text.split(separator: " ")
        var count = 0
        if let last = words.last, ["passage", "passages"].contains(last.lowercased()) {
            count = words.count >= 2 && words[words.count - 2].lowercased() == "the" ? 2 : 1
        }
        guard words.count > count + 1, ["in", "from"].contains(words[words.count - count - 1].lowercased())
        else { return nil }
        let first = words[words.count - count - 1]
        return text.distance(from: first.startIndex, to: text.endIndex)
    }

    /// What may stand between two markers and goes with them: "[1] and [2]" is "[1][2]".
    static let joiners: Set<String> = [",", "and", ", and", "or", "&", ";"]

    /// The numbers of a `[1]`, `[1, 2]` marker at `start`, and the index after it.
    static func marker(_ characters: [Character], at start: Int) -> ([Int], Int)? {
        guard let close = characters[start...].firstIndex(of: "]"), close - start <= 24 else { return nil }
        let body = String(characters[(start + 1)..<close])
        let parts = body.split(whereSeparator: { $0 == "," || $0 == ";" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let numbers = parts.compactMap { Int($0) }
        guard !numbers.isEmpty, numbers.count == parts.count else { return nil }
        return (numbers, close + 1)
    }
}
