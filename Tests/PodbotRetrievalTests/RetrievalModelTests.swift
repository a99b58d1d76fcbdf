import Foundation
import PodbotInference
import PodbotLibrary
import PodbotLlama
import PodbotTestSupport
import Testing

@testable import PodbotRetrieval

@Suite("Retrieval and ask with the real models (MiniLM, SmolLM2-135M)", .serialized)
struct RetrievalModelTests {
    @Test("every passage gets one MiniLM vector; a second run embeds nothing")
    func incrementalIndex() async throws {
        let built = try await RetrievalFixture.get()
        let passages = try built.library.counts()["passage"] ?? 0
        #expect(passages > 500)
        #expect(built.firstRun.embedded == passages)
        #expect(built.firstRun.total == passages)
        let again = try await EmbeddingIndexer(library: built.library, embedder: built.embedder).run()
        #expect(again.embedded == 0)
        #expect(again.total == passages)
        // One row per passage and one per 40-word window (PassageVectors).
        #expect(built.retriever.index?.passages == passages)
        #expect((built.retriever.index?.count ?? 0) > passages)
        #expect(built.retriever.index?.dimension == 384)
    }

    /// A library of one short talk, imported from `file` in `scratch`.
    static func shortTalk() throws -> (scratch: ScratchFolder, library: Library, file: String) {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("small.sqlite"))
        let file = try scratch.write("talk.txt", "Swift for TensorFlow was archived.\n\nJeremy taught two lessons.")
        _ = try library.importFile(ImportRequest(path: file))
        return (scratch, library, file)
    }

    @Test("an embedding model's prefixes go before its passages and questions, and its vectors are kept apart")
    func embeddingPrefixes() async throws {
        let built = try await RetrievalFixture.get()
        let (scratch, library, _) = try Self.shortTalk()
        defer { withExtendedLifetime(scratch) {} }
        let recorder = RecordingEmbedder(base: built.embedder)
        let prefixed = PrefixedEmbedder(
            recorder, prefixes: EmbeddingPrefixes(query: "search_query: ", document: "search_document: "))
        let report = try await EmbeddingIndexer(library: library, embedder: prefixed).run()
        #expect(report.embedded == report.passages && report.passages >= 1)
        let documents = await recorder.texts
        #expect(!documents.isEmpty && documents.allSatisfy { $0.hasPrefix("search_document: ") })
        // To the same model without the prefixes these vectors are another model's: never mixed with its own.
        #expect(try !Retriever(library: library, embedder: built.embedder).hasVectors)
        let retriever = try Retriever(library: library, embedder: prefixed)
        #expect(retriever.hasVectors)
        let result = try await retriever.retrieve("What happened to Swift for TensorFlow?", mode: .vector, k: 1)
        #expect(result.passages.first?.hit.text.contains("archived") == true)
        let queries = await recorder.texts.dropFirst(documents.count)
        #expect(!queries.isEmpty && queries.allSatisfy { $0.hasPrefix("search_query: ") })
    }

    @Test("the second model (multilingual-e5-small) reads its prefixes, ranks alone, and joins the hybrid fusion")
    func secondModel() async throws {
        let built = try await RetrievalFixture.get()
        let (scratch, library, _) = try Self.shortTalk()
        defer { withExtendedLifetime(scratch) {} }
        let e5 = try LlamaEmbedder(
            modelPath: ModelFiles.path(InferenceConfiguration.secondEmbeddingFile),
            settings: .init(threads: engineThreads))
        let recorder = RecordingEmbedder(base: e5)
        let second = PrefixedEmbedder(recorder, prefixes: InferenceConfiguration.secondEmbeddingPrefixes)
        _ = try await EmbeddingIndexer(library: library, embedder: built.embedder).run()
        let report = try await EmbeddingIndexer(library: library, embedder: second).run()
        #expect(report.embedded == report.passages && report.passages >= 1)
        #expect(await recorder.texts.allSatisfy { $0.hasPrefix("passage: ") })
        let question = "What happened to Swift for TensorFlow?"
        let alone = try await Retriever(library: library, embedder: second).retrieve(question, mode: .vector, k: 1)
        #expect(alone.passages.first?.hit.text.contains("archived") == true)
        #expect(await recorder.alongside == [0])
        var retriever = try Retriever(library: library, embedder: built.embedder)
        let index = try #require(try VectorIndex.load(from: library, model: PassageVectors.storageKey(for: second)))
        retriever.second = Retriever.SecondVectors(embedder: second, index: index)
        let before = await recorder.texts.count
        let fused = try await retriever.retrieve(question, mode: .hybrid, k: 2)
        #expect(fused.passages.first?.hit.text.contains("archived") == true)
        #expect(await recorder.texts.dropFirst(before) == ["query: " + question])
        // MiniLM embedded the question at the same time, so each model took half the threads.
        #expect(await recorder.alongside == [0, 1])
    }

    @Test("replacing an episode drops its vectors and embeds only the new passages")
    func replacedEpisode() async throws {
        let built = try await RetrievalFixture.get()
        let (scratch, library, file) = try Self.shortTalk()
        let first = try await EmbeddingIndexer(library: library, embedder: built.embedder).run()
        #expect(first.embedded == first.passages && first.passages >= 1)
        try scratch.write("talk.txt", "A new talk about random forests and gradient boosting in 1999.")
        _ = try library.importFile(ImportRequest(path: file, replace: true))
        let coverage = try library.embeddingCoverage(model: PassageVectors.storageKey(model: built.embedder.modelName))
        #expect(coverage.embedded == 0)
        let second = try await EmbeddingIndexer(library: library, embedder: built.embedder).run()
        #expect(second.embedded == coverage.passages)
    }

    @Test("cross-episode questions reach passages of several episodes")
    func crossEpisode() async throws {
        let built = try await RetrievalFixture.get()
        let result = try await built.retriever.retrieve("What has Jeremy said about Swift?", k: 8)
        #expect(result.mode == .hybrid)
        #expect(Set(result.passages.map(\.hit.episodeID)).count >= 2)
        #expect(result.passages.contains { $0.hit.text.contains("Swift") })
    }

    @Test("filters: episode, show, speaker and date range hold in every mode")
    func filters() async throws {
        let built = try await RetrievalFixture.get()
        let episodes = try built.library.episodes()
        let cristobal = try #require(episodes.first { $0.title.hasPrefix("Cristóbal") })
        #expect(cristobal.published == "2023-01-19")
        for mode in RetrievalMode.allCases {
            let byEpisode = try await built.retriever.retrieve(
                "machine learning video editing", mode: mode, filter: PassageFilter(episodeID: cristobal.id), k: 5)
            #expect(!byEpisode.passages.isEmpty)
            #expect(byEpisode.passages.allSatisfy { $0.hit.episodeID == cristobal.id })

            let byDate = try await built.retriever.retrieve(
                "hype around AI", mode: mode,
                filter: PassageFilter(publishedFrom: "2023-01-10", publishedTo: "2023-01-31"), k: 5)
            #expect(!byDate.passages.isEmpty)
            #expect(byDate.passages.allSatisfy { $0.hit.episodeID == cristobal.id })

            let bySpeaker = try await built.retriever.retrieve(
                "infrastructure investments", mode: mode, filter: PassageFilter(speaker: "sarah"), k: 5)
            #expect(!bySpeaker.passages.isEmpty)
            #expect(bySpeaker.passages.allSatisfy { $0.hit.speaker?.contains("Sarah") == true })

            let byShow = try await built.retriever.retrieve(
                "deep learning", mode: mode, filter: PassageFilter(show: "gradient dissent"), k: 5)
            #expect(!byShow.passages.isEmpty)
            #expect(byShow.passages.allSatisfy { $0.hit.show == "Gradient Dissent" })
        }
    }

    @Test("hybrid retrieval is at least as good as BM25 on the listener dev set (MRR, hit@5, multi-episode)")
    func devSet() async throws {
        let built = try await RetrievalFixture.get()
        let set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        let report = try await RetrievalEvaluator(retriever: built.retriever).run(set, modes: [.bm25, .hybrid])
        #expect(report.unmatched.isEmpty)
        #expect(report.questions == set.questions.filter { $0.kind == .single }.count)
        #expect(report.multiQuestions == set.questions.filter { $0.kind == .multi }.count)
        let bm25 = try #require(report.modes.first { $0.mode == .bm25 })
        let hybrid = try #require(report.modes.first { $0.mode == .hybrid })
        #expect(hybrid.mrr >= bm25.mrr)
        #expect(hybrid.hitAt5 >= bm25.hitAt5)
        #expect((hybrid.multiCoverage ?? 0) >= (bm25.multiCoverage ?? 0))
        #expect(report.meanPassageWords > 40 && report.meanPassageWords <= 150)
    }

    @Test("a question typed in lower case and without its question mark ranks as the question does")
    func typedQuestions() async throws {
        let built = try await RetrievalFixture.get()
        var set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        let evaluator = RetrievalEvaluator(retriever: built.retriever)
        let typed = try await evaluator.run(set, modes: [.hybrid]).modes[0]
        for index in set.questions.indices {
            set.questions[index].question = String(set.questions[index].question.lowercased().dropLast())
        }
        let casual = try await evaluator.run(set, modes: [.hybrid]).modes[0]
        #expect(casual.hitAt5 == typed.hitAt5)
        #expect(casual.mrr == typed.mrr)
        #expect(casual.multiCoverage == typed.multiCoverage)
    }

    @Test("questions that name a guest, host or show find their episodes' passages more often")
    func namedEpisodes() async throws {
        let built = try await RetrievalFixture.get()
        let set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        var plain = built.retriever
        plain.namedEpisodeWeights = []
        let without = try await RetrievalEvaluator(retriever: plain).run(set, modes: [.hybrid]).modes[0]
        let with = try await RetrievalEvaluator(retriever: built.retriever).run(set, modes: [.hybrid]).modes[0]
        #expect(with.hitAt5 >= without.hitAt5)
        #expect(with.mrr >= without.mrr)
        #expect((with.multiCoverage ?? 0) >= (without.multiCoverage ?? 0))
        // "Which Gradient Dissent guests…" names the show's four episodes of seven: more of the first ten are theirs.
        let question = "Which Gradient Dissent guests doubted that Python is the right long-term language?"
        let shown = { (result: RetrievalResult) in result.passages.count { $0.hit.show == "Gradient Dissent" } }
        let named = try await built.retriever.retrieve(question, k: 10)
        let unnamed = try await plain.retrieve(question, k: 10)
        #expect(shown(named) > shown(unnamed))
    }

    @Test("a question that names two conversations gets passages of each among the first six")
    func namedConversations() async throws {
        let built = try await RetrievalFixture.get()
        // Jeremy is in five episodes; "lex" and "hugo" pick two of them, which the global ranking leaves out.
        let question = "what did jeremy tell lex and hugo about teaching kids?"
        var plain = built.retriever
        plain.namedConversationLeads = 0
        let shows = { (result: RetrievalResult) in Set(result.passages.compactMap(\.hit.show)) }
        let named: Set<String> = ["Lex Fridman Podcast", "Vanishing Gradients"]
        let led = try await built.retriever.retrieve(question, k: 6, spread: .default)
        #expect(named.isSubset(of: shows(led)))
        #expect(try await !named.isSubset(of: shows(plain.retrieve(question, k: 6, spread: .default))))
        // A question naming one conversation ranks as before.
        let one = "what did jeremy tell lex about teaching kids?"
        let (a, b) = (
            try await built.retriever.retrieve(one, k: 6, spread: .default),
            try await plain.retrieve(one, k: 6, spread: .default)
        )
        #expect(a.passages.map(\.hit.passageID) == b.passages.map(\.hit.passageID))
    }

    @Test("a passage only BM25 finds, far ahead of BM25's second, keeps a place among the first three")
    func decisiveLead() async throws {
        let built = try await RetrievalFixture.get()
        // The Vanishing Gradients passage naming Coursera and edX; the vectors rank other fast.ai passages first.
        let question = "why didn't fast.ai put its courses on coursera or edx?"
        var plain = built.retriever
        plain.decisiveLead = nil
        let first3 = { (result: RetrievalResult) in
            result.passages.prefix(3).contains { $0.hit.text.contains("Coursera") && $0.hit.text.contains("edX") }
        }
        #expect(try await !first3(plain.retrieve(question, k: 10, spread: .default)))
        #expect(try await first3(built.retriever.retrieve(question, k: 10, spread: .default)))
    }

    @Test("BM25 reads a question without the names of the library's people")
    func bm25WithoutPeople() async throws {
        let built = try await RetrievalFixture.get()
        // "Lukas Biewald" is rare in the passages' text, where the host says it introducing himself and his guests;
        // the words that ask ("guest", "show", "twice") find where he tells Jeremy he is the first guest twice.
        let question = "was Lukas Biewald's guest on the show twice"
        var plain = built.retriever
        plain.bm25WithoutPeople = false
        let rank = { (result: RetrievalResult) in
            result.passages.firstIndex { $0.hit.text.contains("first person to be on this podcast two times") }
        }
        let before = try await rank(plain.retrieve(question, k: 10, spread: .default))
        let after = try #require(try await rank(built.retriever.retrieve(question, k: 10, spread: .default)))
        #expect(after == 0)
        #expect((before ?? 10) > after)
        // Across the listener dev set, more first-five evidence and a better mean rank.
        let set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        let without = try await RetrievalEvaluator(retriever: plain).run(set, modes: [.hybrid]).modes[0]
        let with = try await RetrievalEvaluator(retriever: built.retriever).run(set, modes: [.hybrid]).modes[0]
        #expect(with.hitAt5 > without.hitAt5)
        #expect(with.mrr > without.mrr)
        // A question of names alone is searched as typed.
        let named = try await built.retriever.retrieve("Lukas Biewald", mode: .hybrid, k: 5)
        #expect(named.passages.contains { $0.bm25Rank != nil && $0.hit.text.contains("Biewald") })
    }

    @Test("an off-topic question is not covered and shows the closest passages, not an answer")
    func offTopic() async throws {
        let built = try await RetrievalFixture.get()
        let pipeline = AskPipeline(retriever: built.retriever, generator: try RetrievalFixture.generator.get())
        let result = try await pipeline.ask(.init(question: "Who won the football world cup in 2018?"))
        #expect(result.covered == false)
        #expect(result.citations.isEmpty)
        #expect(!result.passages.isEmpty)
        #expect(result.answer.hasPrefix("The library does not cover this question"))
        #expect((result.bestCosine ?? 1) < CoveragePolicy.default.minimumCosine)
        #expect(result.quotes.isEmpty, "nothing is close enough to quote")
    }

    @Test("a refusal the model makes shows each closest passage's words closest to the question")
    func refusalShowsClosestWords() async throws {
        // The evidence is the Lex passage about a school assignment: its opening does not say what the program was.
        let (result, n, retrieval) = try await askScripted(
            "What was the goal of the earliest code Jeremy remembers writing, back in high school?",
            citing: "better musical scales"
        ) { _ in "NOT COVERED." }
        #expect(!result.covered)
        #expect(result.answer.hasPrefix("No answer to this question was found in the library's closest passages."))
        #expect(result.answer.hasSuffix("each with its words closest to the question."))
        let shown = min(AskPipeline.closestShown, retrieval.passages.count)
        #expect(result.quotes.map(\.n) == Array(1...shown))
        for quote in result.quotes {
            let passage = result.passages[quote.n - 1]
            let words = quote.text.trimmingCharacters(in: CharacterSet(charactersIn: "…"))
            #expect(passage.text.contains(words))
            // The words' own speakers and moment, within their passage's.
            let speakers = Set(passage.speaker?.components(separatedBy: ", ") ?? [])
            let quoted = Set(quote.speaker?.components(separatedBy: ", ") ?? [])
            #expect(quoted.isSubset(of: speakers))
            if let start = passage.startSeconds {
                #expect(try #require(quote.startSeconds) >= start)
                #expect(try #require(quote.startSeconds) <= passage.endSeconds ?? .infinity)
            }
        }
        // The Whisper passage's closest words start after its first line.
        #expect(
            result.quotes.contains { quote in
                result.passages[quote.n - 1].startSeconds.map { (quote.startSeconds ?? 0) > $0 } ?? false
            })
        if n <= shown {
            #expect(result.quotes[n - 1].text.contains("musical scales"))
            let opening = result.passages[n - 1].text.split(separator: " ").prefix(30).joined(separator: " ")
            #expect(!opening.contains("musical scales"), "the opening alone would not show it")
        }
    }

    @Test("MiniLM keeps only sentences about the question, and quotes the words of the cited passage")
    func relevanceAndQuotes() async throws {
        // The host's line says whom it is about ("she"), so only its distance from the question removes it.
        let (result, n, _) = try await askScripted(
            "Which venture firm does Sarah Catanzaro work for?", citing: "Partner at Amplify Partners"
        ) {
            "She's currently a General Partner at Amplify Partners [\($0)]. I'm your host, Lukas Biewald, and she joins me [\($0)]."
        }
        #expect(result.covered)
        #expect(result.answer == "She's currently a General Partner at Amplify Partners [\(n)].")
        #expect(result.droppedSentences.map(\.reason).first?.hasPrefix("it is not about the question") == true)
        #expect((result.answerRelevance ?? 0) >= CoveragePolicy.default.minimumAnswerRelevance)
        #expect(result.quotes.first?.n == n)
        #expect(result.quotes.first?.text.contains("Amplify Partners") == true)
    }

    @Test("a passage the answer does not cite is quoted only when it is near the question without its names")
    func quotesWithoutNames() async throws {
        let (result, n, retrieval) = try await askScripted(
            "What is Jeremy's opinion of academic research?", citing: "problem in science in general"
        ) { "Scientists need to be published, so they work on things their peers are familiar with [\($0)]." }
        // The shows' introductions of Jeremy are retrieved for the name, and close to the question with it.
        let introductions = retrieval.passages.filter { $0.hit.text.contains("super inspiring to talk to") }
        #expect(introductions.contains { ($0.cosine ?? 0) >= CoveragePolicy.default.minimumQuoteCosine })
        #expect(introductions.allSatisfy { ($0.topicCosine ?? 1) < CoveragePolicy.default.minimumQuoteCosine })
        #expect(result.covered)
        #expect(result.quotes.first?.n == n)
        #expect(!result.quotes.contains { $0.text.contains("super inspiring") || $0.text.contains("founder of") })
    }

    @Test("a sentence answering one clause of a question of several is about the question")
    func clauseRelevance() async throws {
        let question = "After Chris offered to tutor him, how long did Jeremy spend learning Swift?"
        let (result, n, _) = try await askScripted(question, citing: "nerding out on Swift") {
            "Jeremy spent 2 months like just nerding out on Swift [\($0)]."
        }
        #expect(result.covered, "\(result.reason ?? "")")
        #expect(result.answer == "Jeremy spent 2 months like just nerding out on Swift [\(n)].")
        #expect(
            AskPipeline.clauses(of: question) == [
                "After Chris offered to tutor him", "how long did Jeremy spend learning Swift?",
            ])
        #expect(AskPipeline.clauses(of: "How long did Jeremy spend learning Swift?").isEmpty)
    }

    @Test("a question asked across episodes quotes each episode's closest words among its passages")
    func quotesAcrossEpisodes() async throws {
        let mentions = try await RetrievalFixture.get().library.reading { try $0.episodeMentions() }
        for question in [
            "what has jeremy said in favour of jupyter notebooks on different shows",
            "Across his interviews, what has Jeremy said about Swift?",
            "did he study philosophy? i think it came up on more than one podcast",
            "what did sarah and cris each say about no-code tools",
            "did jeremy say that on lex and on latent space",
        ] {
            #expect(AskPipeline.asksAcrossEpisodes(question, mentions: mentions), "\(question)")
        }
        for question in [
            "What did Jeremy tell Lex about notebooks?",
            "on latent space jeremy named a researcher, who was that",
            "how many radiologists are there across most of africa",
            "What did Jeremy say in this interview about notebooks?",
        ] {
            #expect(!AskPipeline.asksAcrossEpisodes(question, mentions: mentions), "\(question)")
        }

        let reply = { (n: Int) in "A notebook is a good exploration environment for the kind of stuff he does [\(n)]." }
        let (across, n, _) = try await askScripted(
            "what has jeremy said in favour of jupyter notebooks on different shows",
            citing: "good exploration environment", reply: reply)
        #expect(across.covered, "\(across.reason ?? "")")
        #expect(across.citations.map(\.n) == [n])
        let episodes = Set(across.quotes.map { across.passages[$0.n - 1].episodeID })
        #expect(across.quotes.first?.n == n)
        #expect(episodes.count >= 3, "each episode among the passages is quoted, not only those above the floor")
    }

    @Test("MiniLM refuses an answer built from a near-miss passage's own words")
    func nearMissAnswerRefused() async throws {
        let shown = Shown()
        let question = "What is Jeremy's opinion of Midjourney?"
        let (result, _, _) = try await askScripted(question, citing: "set up a Slack channel", shown: shown) {
            "Suddenly we had this huge author group, so we kind of set up a Slack channel [\($0)]."
        }
        #expect(!result.covered)
        #expect(result.reason?.contains("not about the question") == true, "\(result.reason ?? "")")
        // Beneath the refusal, the closest passages' own words; nothing of the answer streamed.
        #expect(result.quotes.map(\.n) == Array(1...min(AskPipeline.closestShown, result.passages.count)))
        #expect(shown.value.isEmpty)

        // The host's introduction of his guest is near every question that names the guest, and answers none
        // but who the guest is.
        let (introduced, _, _) = try await askScripted(question, citing: "super inspiring to talk to") {
            "It's always super inspiring to talk to Jeremy [\($0)]."
        }
        #expect(!introduced.covered)
        #expect(introduced.droppedSentences.map(\.reason) == ["it rests only on how the show introduces its guest"])
    }

    @Test("asks in one process read the instructions once: the next ask takes them from the KV cache")
    func asksReuseTheInstructions() async throws {
        let built = try await RetrievalFixture.get()
        // An engine of its own: the shared one also serves other suites' tests, which would take the cache meanwhile.
        let engine = try LlamaEngine(
            modelPath: RetrievalFixture.smolLM,
            settings: EngineSettings(contextSize: 2048, threads: engineThreads, batchSize: 512))
        let pipeline = AskPipeline(retriever: built.retriever, generator: engine)
        var reused: [Int] = []
        for question in ["What happened to Swift for TensorFlow?", "Why did Jeremy leave Kaggle?"] {
            let result = try await pipeline.ask(
                .init(question: question, k: 4, options: AskPipeline.answerOptions(maxTokens: 16)))
            #expect(result.timings.firstTokenMs != nil, "\(question) reached the model")
            let stats = try #require(await engine.lastStats)
            #expect(stats.cachedPromptTokens < stats.promptTokens)
            reused.append(stats.cachedPromptTokens)
        }
        // The system message alone is over 100 tokens; the passages after it differ.
        #expect(reused[1] > 100)
    }

    @Test("an answered question cites only supplied passages, with their metadata")
    func citations() async throws {
        let built = try await RetrievalFixture.get()
        let pipeline = AskPipeline(retriever: built.retriever, generator: try RetrievalFixture.generator.get())
        let result = try await pipeline.ask(
            .init(
                question: "What happened to Swift for TensorFlow?", k: 4,
                options: AskPipeline.answerOptions(maxTokens: 96)))
        #expect(result.passages.count == 4)
        #expect(result.timings.retrievalMs > 0 && result.timings.totalMs >= result.timings.retrievalMs)
        // Every marker left in the answer names a supplied passage, and every citation is one of them.
        let markers = CitationValidator.validate(result.answer, passageCount: result.passages.count)
        #expect(markers.invalid.isEmpty)
        if result.covered {
            #expect(!result.citations.isEmpty)
            #expect(Set(markers.cited) == Set(result.citations.map(\.n)))
            for citation in result.citations {
                let passage = result.passages[citation.n - 1]
                #expect(citation.passageID == passage.passageID)
                #expect(citation.startSeconds == passage.startSeconds)
                #expect(citation.text == passage.text)
            }
            #expect((result.support ?? 0) >= CoveragePolicy.default.minimumSupport)
        } else {
            #expect(result.citations.isEmpty)
            #expect(result.reason != nil)
        }
    }

    @Test("`podbot ask --json` follows the contract (built binary, SmolLM2)")
    func askJSON() async throws {
        let built = try await RetrievalFixture.get()
        var runner = CommandRunner(library: built.path)
        runner.environment["PODBOT_MODELS_DIR"] = ModelFiles.directory
        let object = try await runner.json([
            "ask", "--json", "--k", "3", "--max-tokens", "48", "--chat-model", RetrievalFixture.smolLM,
            "Who won the football world cup in 2018?",
        ])
        let json = try #require(object as? [String: Any])
        #expect(json["question"] as? String == "Who won the football world cup in 2018?")
        #expect(json["covered"] as? Bool == false)
        #expect(json["answer"] is String)
        #expect((json["citations"] as? [Any])?.isEmpty == true)
        let passages = try #require(json["passages"] as? [[String: Any]])
        #expect(passages.count == 3)
        for key in ["n", "episode_id", "title", "speaker", "start_seconds", "end_seconds", "text", "url", "score"] {
            #expect(passages[0].keys.contains(key), "passage lacks \(key)")
        }
        let timings = try #require(json["timings"] as? [String: Any])
        #expect(Set(timings.keys) == ["retrieval_ms", "first_token_ms", "total_ms"])
        #expect((timings["retrieval_ms"] as? Double ?? -1) > 0)
    }

    /// `question` asked of the fixture's library with a scripted reply: `reply` writes it around the marker number
    /// of the first retrieved passage whose text holds `phrase`. Returns the result, that number and the retrieval.
    private func askScripted(
        _ question: String, citing phrase: String, shown: Shown? = nil, reply: (Int) -> String
    ) async throws -> (result: AskResult, n: Int, retrieval: RetrievalResult) {
        let built = try await RetrievalFixture.get()
        let retrieval = try await built.retriever.retrieve(question, k: AskPipeline.Request.defaultK, spread: .default)
        let n = try #require(retrieval.passages.firstIndex { $0.hit.text.contains(phrase) }) + 1
        let pipeline = AskPipeline(retriever: built.retriever, generator: ScriptedGenerator(reply: reply(n)))
        let request = AskPipeline.Request(question: question)
        guard let shown else { return (try await pipeline.ask(request), n, retrieval) }
        return (try await pipeline.ask(request) { shown.append($0) }, n, retrieval)
    }
}

/// An embedder that keeps every text it is given, in order, and how many other embeddings each query embedding
/// was told ran beside it.
actor RecordingEmbedder: Embedder {
    let base: any Embedder
    private(set) var texts: [String] = []
    private(set) var alongside: [Int] = []

    init(base: any Embedder) { self.base = base }

    nonisolated var modelName: String { base.modelName }
    func dimension() async throws -> Int { try await base.dimension() }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        self.texts += texts
        return try await base.embed(texts)
    }

    func embed(_ texts: [String], alongside others: Int) async throws -> [[Float]] {
        self.texts += texts
        alongside.append(others)
        return try await base.embed(texts, alongside: others)
    }
}
