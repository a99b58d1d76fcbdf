import Foundation
import PodbotInference
import PodbotLibrary

/// Answers a question from the library: retrieve passages, decide coverage, generate a cited answer, validate it.
public struct AskPipeline: Sendable {
    /// One ask.
    public struct Request: Sendable {
        public var question: String
        public var filter: PassageFilter
        /// Passages given to the model.
        public var k: Int
        public var mode: RetrievalMode
        public var options: GenerationOptions
        /// How passages spread across episodes when the question names none (``Retriever/Diversity``).
        public var spread: Retriever.Diversity? = .default
        /// The system prompt, when not ``PromptBuilder``'s (for measuring prompts).
        public var instructions: String?

        /// Passages given to the model unless the caller says otherwise.
        public static let defaultK = 6
        /// The passages a caller may ask for.
        public static let kRange = 1...20
        /// Most answer tokens unless the caller says otherwise.
        public static let defaultMaxTokens = 256

        public init(
            question: String, filter: PassageFilter = PassageFilter(), k: Int = defaultK,
            mode: RetrievalMode = .hybrid,
            options: GenerationOptions = AskPipeline.answerOptions(maxTokens: defaultMaxTokens)
        ) {
            self.question = question
            self.filter = filter
            self.k = k
            self.mode = mode
            self.options = options
        }
    }

    /// Greedy decoding with a mild repeat penalty: small models otherwise loop on one sentence. The prompt's
    /// opening (the instructions) stays in the KV cache between asks, so a server or tool server that answers one
    /// question after another reads it once: on dev-listener2 the mean first token fell from 4.66 s to 4.29 s
    /// (BENCHMARKS.md, session 32).
    public static func answerOptions(maxTokens: Int) -> GenerationOptions {
        GenerationOptions(maxTokens: maxTokens, temperature: 0, repeatPenalty: 1.15, cachePrompt: true)
    }

    /// Closest passages shown beneath a refusal.
    public static let closestShown = 5

    public let retriever: Retriever
    public let generator: any TextGenerator
    public var policy: CoveragePolicy

    public init(retriever: Retriever, generator: any TextGenerator, policy: CoveragePolicy = .default) {
        self.retriever = retriever
        self.generator = generator
        self.policy = policy
    }

    /// Answers `request`; `onToken` receives the answer as it streams (invalid markers already held back).
    /// - Throws: `InferenceError` from the model, `LibraryError` from storage, `CancellationError`.
    public func ask(_ request: Request, onToken: (@Sendable (String) -> Void)? = nil) async throws -> AskResult {
        let started = Date()
        let question = request.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let retrieval = try await retriever.retrieve(
            question, mode: request.mode, filter: request.filter, k: request.k, spread: request.spread)
        let retrievalMs = Date().timeIntervalSince(started) * 1000
        // Passages two speakers share carry their turns, so the check knows who says which words; and the check
        // knows who is in each passage's episode (read by a hybrid retrieval already).
        let (hits, mentions) = try await retriever.library.reading { snapshot in
            (
                try snapshot.withTurns(retrieval.passages.map(\.hit)),
                try retrieval.mentions ?? snapshot.episodeMentions()
            )
        }
        let people = Dictionary(hits.map { ($0.episodeID, mentions.people(of: $0.episodeID)) }) { first, _ in first }
        let named = mentions.peopleNamed(in: question)
        let sources = retrieval.passages.enumerated().map { AskResult.Source($1.hit, n: $0 + 1, score: $1.score) }

        func notCovered(_ reason: String, answer: String, raw: String?, support: Double?, firstToken: Double?)
            -> AskResult
        {
            AskResult(
                question: question, covered: false, answer: answer, citations: [], passages: sources,
                timings: .init(
                    retrievalMs: retrievalMs, firstTokenMs: firstToken,
                    totalMs: Date().timeIntervalSince(started) * 1000),
                invalidCitations: [], removedTimes: [], support: support, bestCosine: retrieval.bestCosine,
                mode: retrieval.mode, reason: reason, rawAnswer: raw)
        }

        if let reason = retrievalGap(retrieval) {
            return notCovered(
                reason,
                answer: "The library does not cover this question: \(reason). The closest passages are listed below.",
                raw: nil, support: nil, firstToken: nil)
        }

        // Sentences are shown as they complete and pass the check, so an unsupported one never reaches the user;
        // only those about the question are kept, and the first waits until the answer so far is about it
        // (``CoveragePolicy``). Generation stops once the answer has its most sentences.
        var raw = ""
        var shown = 0
        var relevant = false
        var firstToken: Double?
        var similarity: [String: Float] = [:]
        let messages = PromptBuilder.messages(question: question, passages: hits, instructions: request.instructions)
        func checkCompleted(final: Bool) async throws -> AnswerChecker.Outcome {
            let pieces = SentenceSplitter.split(raw)
            let complete = final ? pieces.count : max(0, pieces.count - 1)
            let checked = AnswerChecker.check(
                pieces[0..<complete].map { AnswerChecker.source(of: $0) }.joined(separator: " "),
                question: question, passages: hits, people: people, named: named,
                minimumSupport: policy.minimumSupport)
            return try await focused(checked, retrieval, similarity: &similarity)
        }
        func show(_ checked: AnswerChecker.Outcome) async throws {
            guard checked.sentences.count > shown else { return }
            if !relevant {
                relevant = (try await relevance(of: checked.sentences, retrieval) ?? 1) >= policy.minimumAnswerRelevance
                guard relevant else { return }
            }
            let fresh = checked.sentences[shown...].map(AnswerChecker.render)
            shown = checked.sentences.count
            onToken?(fresh.joined(separator: " ") + " ")
        }
        var sentencesSoFar = 0
        for try await event in generator.chat(messages, options: request.options) {
            guard case .token(let piece) = event else { continue }
            if firstToken == nil { firstToken = Date().timeIntervalSince(started) * 1000 }
            raw += piece
            // Work only when a sentence completes.
            let count = SentenceSplitter.split(raw).count
            guard count > sentencesSoFar else { continue }
            sentencesSoFar = count
            let soFar = try await checkCompleted(final: false)
            if onToken != nil { try await show(soFar) }
            if soFar.sentences.count >= policy.maximumSentences { break }
        }

        let checked = try await checkCompleted(final: true)
        let answerRelevance = try await relevance(of: checked.sentences, retrieval)
        func refused(_ reason: String, answer: String) async throws -> AskResult {
            let moments = closestMoments(retrieval)
            let beneath =
                moments.isEmpty
                ? "The closest passages are listed below."
                : "The closest passages are listed below, each with its words closest to the question."
            var result = notCovered(
                reason, answer: answer + " " + beneath, raw: raw, support: checked.support, firstToken: firstToken)
            result.invalidCitations = checked.invalid
            result.removedTimes = checked.removedTimes
            result.droppedSentences = checked.dropped
            result.answerRelevance = answerRelevance
            result.promptDigest = PromptBuilder.digest(messages)
            result.quotes = try await placed(moments, retrieval)
            return result
        }
        let notFound = "No answer to this question was found in the library's closest passages."
        if raw.uppercased().contains(PromptBuilder.notCoveredMarker) {
            return try await refused("the model found no answer in the passages", answer: notFound)
        }
        if checked.sentences.isEmpty, checked.dropped.isEmpty {
            return try await refused("the model wrote no answer", answer: notFound)
        }
        if checked.sentences.isEmpty {
            // Why each sentence was dropped is in `reason` and `dropped_sentences`, not in the words a reader sees.
            return try await refused(
                "no sentence of the answer is both supported and about the question: "
                    + AnswerChecker.Dropped.summary(checked.dropped),
                answer: "The library's passages do not support an answer to this question, so none is given.")
        }
        if !relevant, let answerRelevance, answerRelevance < policy.minimumAnswerRelevance {
            let reason =
                "the supported sentences are not about the question (similarity "
                + "\(String(format: "%.2f", answerRelevance)), threshold "
                + "\(String(format: "%.2f", policy.minimumAnswerRelevance)))"
            return try await refused(
                reason,
                answer: "The library's passages do not answer this question: what they support is not about it.")
        }
        if onToken != nil { try await show(checked) }
        var result = AskResult(
            question: question, covered: true, answer: checked.text,
            citations: checked.cited.map { sources[$0 - 1] }.map {
                var s = $0
                s.score = nil
                return s
            },
            passages: sources,
            timings: .init(
                retrievalMs: retrievalMs, firstTokenMs: firstToken, totalMs: Date().timeIntervalSince(started) * 1000),
            invalidCitations: checked.invalid, removedTimes: checked.removedTimes, support: checked.support,
            bestCosine: retrieval.bestCosine, mode: retrieval.mode, reason: nil, rawAnswer: raw)
        result.droppedSentences = checked.dropped
        result.answerRelevance = answerRelevance
        let across = Self.asksAcrossEpisodes(question, mentions: mentions)
        result.quotes = try await placed(quotes(cited: checked.cited, retrieval, acrossEpisodes: across), retrieval)
        result.promptDigest = PromptBuilder.digest(messages)
        return result
    }

    /// `checked` with only the sentences about the question: each reaches
    /// ``CoveragePolicy/minimumSentenceRelevance``, and at most ``CoveragePolicy/maximumSentences`` are kept.
    /// `similarity` caches each sentence's cosine to the question. Without vectors only the count applies.
    func focused(
        _ checked: AnswerChecker.Outcome, _ retrieval: RetrievalResult, similarity: inout [String: Float]
    ) async throws -> AnswerChecker.Outcome {
        if retrieval.questionVector != nil {
            for text in checked.sentences.map(\.text) where similarity[text] == nil {
                similarity[text] = try await topicSimilarity(retrieval.question, text)
            }
        }
        var keep = Set<Int>()
        for (index, sentence) in checked.sentences.enumerated() where keep.count < policy.maximumSentences {
            if (similarity[sentence.text] ?? 1) >= policy.minimumSentenceRelevance { keep.insert(index) }
        }
        let cache = similarity
        return checked.keeping(keep) { index in
            let value = cache[checked.sentences[index].text] ?? 1
            return value < policy.minimumSentenceRelevance
                ? "it is not about the question (similarity \(String(format: "%.2f", value)), threshold "
                    + "\(String(format: "%.2f", policy.minimumSentenceRelevance)))"
                : "the answer already has \(policy.maximumSentences) sentences"
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return 0 }
        return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Cosine between the question and `sentences` together, names they share left out; `nil` without vectors or
    /// sentences.
    func relevance(of sentences: [AnswerChecker.Sentence], _ retrieval: RetrievalResult) async throws -> Float? {
        guard !sentences.isEmpty, retrieval.questionVector != nil else { return nil }
        return try await topicSimilarity(retrieval.question, sentences.map(\.text).joined(separator: " "))
    }

    /// Cosine between `question` and `text` without the names both state (``AnswerChecker/withoutSharedNames``);
    /// `nil` without an embedder.
    /// A question of several clauses ("Across his interviews, what has Jeremy said about Swift for TensorFlow, and
    /// how did it turn out?") is measured clause by clause too, and the closest counts: a sentence answers one part,
    /// and the whole question's vector is the average of all of them.
    func topicSimilarity(_ question: String, _ text: String) async throws -> Float? {
        guard let embedder = retriever.embedder else { return nil }
        let pairs = ([question] + Self.clauses(of: question)).map { AnswerChecker.withoutSharedNames($0, text) }
        let vectors = try await embedder.embed(pairs.flatMap { [$0.0, $0.1] })
        guard vectors.count == 2 * pairs.count else { return nil }
        return stride(from: 0, to: vectors.count, by: 2).map { Self.cosine(vectors[$0], vectors[$0 + 1]) }.max()
    }

    /// The clauses of `question`, split at commas, semicolons and "and", that each ask something (three content
    /// words or more); none when it is one clause.
    static func clauses(of question: String) -> [String] {
        let pieces = pieces(of: question)
        guard pieces.count >= 2 else { return [] }
        return pieces.filter { SupportCheck.contentWords($0).count >= 3 }
    }

    /// `question` split at commas, semicolons and "and".
    static func pieces(of question: String) -> [String] {
        question.replacingOccurrences(of: " and ", with: ",").split(whereSeparator: { ",;".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Quotes beneath a covered answer: the closest window of each passage it cites (at most two), then of the
    /// best passage of each episode not yet quoted whose window reaches ``CoveragePolicy/minimumQuoteCosine``, with
    /// and without the people the question names (a show's introduction of its guest is close to every question
    /// that names them); three at most. A question's evidence is often in a passage the small model did not cite.
    /// A question that asks across episodes (``asksAcrossEpisodes(_:mentions:)``) gets the best passage of each
    /// further episode among those the model was given, four quotes at most, without the floor: the listener asked
    /// for every episode's words, and the small model's answer mostly cites one (BENCHMARKS.md, session 35).
    func quotes(cited: [Int], _ retrieval: RetrievalResult, acrossEpisodes: Bool = false) -> [AskResult.Quote] {
        let limit = acrossEpisodes ? 4 : 3
        let bar = acrossEpisodes ? -1 : policy.minimumQuoteCosine
        var chosen = Array(cited.prefix(2))
        var episodes = Set(chosen.map { retrieval.passages[$0 - 1].hit.episodeID })
        for (index, passage) in retrieval.passages.enumerated() where chosen.count < limit {
            guard !chosen.contains(index + 1), !episodes.contains(passage.hit.episodeID),
                let cosine = passage.cosine, min(cosine, passage.topicCosine ?? cosine) >= bar
            else { continue }
            chosen.append(index + 1)
            episodes.insert(passage.hit.episodeID)
        }
        return chosen.compactMap { quote(n: $0, retrieval) }
    }

    /// True when `question` asks about more than one episode: it says so ("across his interviews", "on a few
    /// shows", "more than one podcast", "which Gradient Dissent guests"), or what it names is never together in one
    /// episode ("what did sarah and cris each say").
    static func asksAcrossEpisodes(_ question: String, mentions: EpisodeMentions) -> Bool {
        if mentions.namesSeveralConversations(question) { return true }
        let words = EpisodeMentions.fold(question)
        for (index, word) in words.enumerated() where episodeNouns.contains(word) {
            if word.hasSuffix("s"), words[max(0, index - 3)..<index].contains(where: pluralOpeners.contains) {
                return true
            }
            if index >= 3, words[(index - 3)..<index] == ["more", "than", "one"] { return true }
        }
        return false
    }

    /// Words for a library's episodes, and for the guests and hosts across them; a singular counts only after "more
    /// than one".
    static let episodeNouns: Set<String> = [
        "interview", "interviews", "show", "shows", "podcast", "podcasts", "episode", "episodes", "conversation",
        "conversations", "appearance", "appearances", "guests", "hosts",
    ]

    /// Words that make a plural of episodes a set to look across: "different shows", "his interviews", "Jeremy's
    /// interviews" (the possessive's "s"), "the Gradient Dissent guests".
    static let pluralOpeners: Set<String> = [
        "across", "different", "several", "various", "multiple", "many", "both", "all", "few", "couple", "other",
        "his", "her", "their", "s", "the", "which", "two", "three", "those", "these",
    ]

    /// Quotes beneath a refusal that retrieval did not make: the window closest to the question of each closest
    /// passage shown (``closestShown``), to show in place of its opening. The model found no answer the checks let
    /// through, but the question is near the library, and the reader can often find the answer in these words: on
    /// the dev sets they show the evidence for about twice as many refused questions as the passages' openings
    /// (BENCHMARKS.md, session 33).
    func closestMoments(_ retrieval: RetrievalResult) -> [AskResult.Quote] {
        retrieval.passages.indices.prefix(Self.closestShown).compactMap { quote(n: $0 + 1, retrieval) }
    }

    /// `quotes` with the speakers, time and link of their own words rather than their passages': a window starts
    /// up to a minute into its passage, and of two people sharing a passage it may hold one. A quote whose words
    /// cannot be placed (the passage's text no longer matches its segments) keeps its passage's.
    func placed(_ quotes: [AskResult.Quote], _ retrieval: RetrievalResult) async throws -> [AskResult.Quote] {
        let wanted = quotes.map { quote in
            let passage = retrieval.passages[quote.n - 1]
            return (id: passage.hit.passageID, text: passage.hit.text, words: passage.closestWindowWords)
        }
        guard wanted.contains(where: { $0.words != nil }) else { return quotes }
        let moments = try await retriever.library.reading { snapshot in
            try wanted.map { item in
                try item.words.flatMap { try snapshot.moment(ofPassage: item.id, text: item.text, words: $0) }
            }
        }
        return zip(quotes, moments).map { quote, moment in
            guard let moment else { return quote }
            var placed = quote
            if !moment.speakers.isEmpty { placed.speaker = moment.speakers.joined(separator: ", ") }
            if let start = moment.startSeconds {
                placed.startSeconds = start
                placed.url = moment.url
            }
            return placed
        }
    }

    /// Passage `n`'s window closest to the question, as a quote with its passage's speaker and time; `nil` without
    /// vectors.
    func quote(n: Int, _ retrieval: RetrievalResult) -> AskResult.Quote? {
        let passage = retrieval.passages[n - 1]
        guard let window = passage.closestWindow else { return nil }
        let text = passage.hit.text
        let trimmed = window.trimmingCharacters(in: .whitespacesAndNewlines)
        let opens = text.hasPrefix(trimmed.prefix(24))
        let closes = text.hasSuffix(trimmed.suffix(24))
        return AskResult.Quote(
            n: n, speaker: passage.hit.speaker, startSeconds: passage.hit.startSeconds,
            text: (opens ? "" : "…") + trimmed + (closes ? "" : "…"), url: passage.hit.url)
    }

    /// Why retrieval alone shows the library does not cover the question, or `nil` when it may.
    func retrievalGap(_ retrieval: RetrievalResult) -> String? {
        guard !retrieval.passages.isEmpty else { return "no passage matches it" }
        if let best = retrieval.bestCosine {
            if best < policy.minimumCosine {
                return "no passage is close enough to it (best similarity \(String(format: "%.2f", best)), "
                    + "threshold \(String(format: "%.2f", policy.minimumCosine)))"
            }
            return nil
        }
        let bestBM25 = retrieval.passages.map(\.hit.score).max() ?? 0
        if retrieval.mode == .bm25, bestBM25 < policy.minimumBM25 {
            return "no passage matches enough of its words (best BM25 \(String(format: "%.1f", bestBM25)), "
                + "threshold \(String(format: "%.1f", policy.minimumBM25)))"
        }
        return nil
    }
}
