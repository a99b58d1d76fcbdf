import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("BM25 search over the corpus")
struct SearchTests {
    @Test func commodoreQueryRanksTheLexFridmanPassageFirst() async throws {
        let corpus = try await CorpusLibrary.get()
        let hits = try corpus.library.searchBM25("Commodore 64 musical scales")
        let first = try #require(hits.first)
        #expect(first.episodeID == corpus.reports[Corpus.lex]?.episodeIDs.first)
        #expect(first.text.contains("Commodore 64"))
        #expect(first.snippet.contains("«"))
        #expect(first.score > 0)
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }

    @Test("one snapshot reads what the separate calls read: BM25 with misheard names, filters, passages by id")
    func snapshotReadsAsTheLibraryDoes() async throws {
        let library = try await CorpusLibrary.get().library
        let filter = PassageFilter(speaker: "jeremy")
        let query = "Cagle competitions"  // "Kaggle", misheard: matched through its close spellings
        let separate = try library.searchBM25(query, filter: filter, limit: 8)
        let ids = try library.passageIDs(matching: filter)
        let hits = try library.passageHits(ids: separate.map(\.passageID).reversed())
        let together = try await library.reading { snapshot in
            (
                try snapshot.searchBM25(query, filter: filter, limit: 8), try snapshot.passageIDs(matching: filter),
                try snapshot.passageHits(ids: separate.map(\.passageID).reversed())
            )
        }
        #expect(!separate.isEmpty)
        #expect(together.0 == separate)
        #expect(together.1 == ids && !ids.isEmpty)
        #expect(together.2 == hits && hits.map(\.passageID) == separate.map(\.passageID).reversed())
    }

    @Test("a product's name finds the words speech recognition wrote it as")
    func compoundNameFindsItsHalves() async throws {
        let library = try await CorpusLibrary.get().library
        // Jeremy says TorchScript on Vanishing Gradients; its transcript has "torch script", never "torchscript".
        #expect(try library.searchBM25("TorchScript", expandRareTerms: false).isEmpty)
        let hits = try library.searchBM25("TorchScript")
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { $0.text.lowercased().contains("torch script") })
    }

    @Test("a name of the library's people or shows, and a function word, are never a misheard word's spelling")
    func namesAreNotMisheard() async throws {
        let library = try await CorpusLibrary.get().library
        // Hugo Bowne-Anderson is a speaker label of Vanishing Gradients, which no passage's text holds: searched
        // as misheard words, he was "huge", "own" and "and".
        let hits = try library.searchBM25("who is Hugo Bowne-Anderson")
        let marked = hits.flatMap { $0.snippet.matches(of: /«([^»]+)»/).map { $0.1.lowercased() } }
        #expect(Set(marked).isDisjoint(with: ["huge", "own", "and", "ended"]), "\(Set(marked))")
        // A misheard word still finds the word it was misheard for, and never a function word.
        let misspelt = try library.searchBM25("thier Cagle competitions")
        #expect(misspelt.prefix(3).contains { $0.text.contains("Kaggle") })
        #expect(!misspelt.contains { $0.snippet.lowercased().contains("«their»") })
    }

    @Test("a passage two speakers share is given back as their turns, word for word")
    func turnsOfSharedPassages() async throws {
        let library = try await CorpusLibrary.get().library
        // Every passage of the library.
        let hits = try library.passageHits(ids: Array(try library.passageIDs(matching: PassageFilter())).sorted())
        let turned = try await library.reading { try $0.withTurns(hits) }
        let shared = turned.filter { $0.speaker?.contains(",") == true }
        #expect(!shared.isEmpty)
        for hit in turned {
            guard hit.speaker?.contains(",") == true else {
                #expect(hit.turns.isEmpty)
                continue
            }
            #expect(hit.turns.count >= 2, "\(hit.passageID)")
            #expect(hit.turns.map(\.text).joined(separator: " ") == hit.text)
            let speakers = Set(hit.speaker!.components(separatedBy: ", "))
            #expect(Set(hit.turns.map(\.speaker)) == speakers)
            #expect(zip(hit.turns, hit.turns.dropFirst()).allSatisfy { $0.speaker != $1.speaker })
        }
    }

    @Test("some words of a passage are placed at their own segment: its speakers, its start and a link to it")
    func momentsOfWords() async throws {
        let library = try await CorpusLibrary.get().library
        let hits = try library.passageHits(ids: Array(try library.passageIDs(matching: PassageFilter())).sorted())
        let turned = try await library.reading { try $0.withTurns(hits) }
        try await library.reading { snapshot in
            for hit in turned {
                // The whole passage is where the passage is, said by its speakers.
                let whole = try #require(
                    try snapshot.moment(ofPassage: hit.passageID, text: hit.text, words: 0..<Self.words(hit).count))
                #expect(whole.startSeconds == hit.startSeconds, "\(hit.passageID)")
                #expect(whole.speakers.joined(separator: ", ") == (hit.speaker ?? ""), "\(hit.passageID)")
                // Each turn of a shared passage is its speaker's alone.
                var first = 0
                for turn in hit.turns {
                    let count = turn.text.split(whereSeparator: \.isWhitespace).count
                    let moment = try snapshot.moment(
                        ofPassage: hit.passageID, text: hit.text, words: first..<(first + count))
                    #expect(moment?.speakers == [turn.speaker], "\(hit.passageID)")
                    first += count
                }
                #expect(
                    try snapshot.moment(
                        ofPassage: hit.passageID, text: hit.text, words: 0..<(Self.words(hit).count + 1))
                        == nil)
            }
            // Whisper's lines are timed: "…kind of IRFC thing of like," starts 10 s into its passage (58:56).
            let hit = try #require(hits.first { $0.text.contains("kind of IRFC thing") })
            let all = Self.words(hit)
            let start = try #require(all.indices.first { all[$0] == "the" && all[$0 + 1] == "equivalent" })
            let moment = try #require(
                try snapshot.moment(ofPassage: hit.passageID, text: hit.text, words: start..<(start + 40)))
            #expect(hit.startSeconds == 3536.12)
            #expect(moment.startSeconds == 3546.28)
        }
    }

    static func words(_ hit: SearchHit) -> [Substring] { hit.text.split(whereSeparator: \.isWhitespace) }

    @Test func speakerFilterKeepsOnlyThatSpeakersPassages() async throws {
        let corpus = try await CorpusLibrary.get()
        let all = try corpus.library.searchBM25("data", limit: 50)
        let lukas = try corpus.library.searchBM25("data", filter: PassageFilter(speaker: "lukas"), limit: 50)
        #expect(!lukas.isEmpty)
        #expect(lukas.allSatisfy { $0.speaker?.contains("Lukas") == true })
        #expect(Set(all.map(\.episodeID)).count > Set(lukas.map(\.episodeID)).count)
        #expect(try corpus.library.searchBM25("data", filter: PassageFilter(speaker: "nobody-by-this-name")).isEmpty)
    }

    @Test func episodeFilterAndLimit() async throws {
        let corpus = try await CorpusLibrary.get()
        let whisper = try #require(corpus.reports[Corpus.whisper]?.episodeIDs.first)
        let hits = try corpus.library.searchBM25("Jeremy", filter: PassageFilter(episodeID: whisper), limit: 3)
        #expect(hits.count == 3)
        #expect(hits.allSatisfy { $0.episodeID == whisper && $0.startSeconds != nil && $0.endSeconds != nil })
    }

    @Test func youTubeEpisodesGetTimeLinks() async throws {
        #expect(
            DeepLink.url("https://www.youtube.com/watch?v=abc", seconds: 61.9)
                == "https://www.youtube.com/watch?v=abc&t=61")
        #expect(DeepLink.url("https://youtu.be/abc", seconds: 5) == "https://youtu.be/abc?t=5")
        // A feed's enclosure: a media fragment, which browsers' players honour.
        #expect(DeepLink.url("https://example.com/ep1.mp3", seconds: 5.7) == "https://example.com/ep1.mp3#t=5")
        #expect(
            DeepLink.url("https://cdn.example.com/a.m4a?x=1#t=3", seconds: 9) == "https://cdn.example.com/a.m4a?x=1#t=9"
        )
        #expect(DeepLink.url("https://example.com/episodes/12", seconds: 5) == "https://example.com/episodes/12")
        #expect(DeepLink.url(nil, seconds: 5) == nil)
        // CSV rows have YouTube URLs but no times: the link is the plain URL, never an invented time.
        let corpus = try await CorpusLibrary.get()
        let hit = try #require(
            try corpus.library.searchBM25("diffusion", filter: PassageFilter(speaker: "jeremy")).first)
        #expect(hit.startSeconds == nil)
        #expect(hit.url?.hasPrefix("https://www.youtube.com/watch?v=") == true && hit.url?.contains("t=") == false)
    }

    @Test(arguments: ["", "   ", "\"", "(*)", "-", "—"])
    func textWithoutWordsFindsNothingInsteadOfFailing(text: String) async throws {
        let corpus = try await CorpusLibrary.get()
        let hits = try corpus.library.searchBM25(text)
        #expect(hits.isEmpty, "\(hits.count) hits")
    }

    @Test func queryOperatorsAreTakenAsWords() async throws {
        let corpus = try await CorpusLibrary.get()
        let holds = { (hit: SearchHit) in
            hit.text.lowercased().contains("not") || hit.text.lowercased().contains("near")
        }
        let exact = try corpus.library.searchBM25("AND OR NOT NEAR(", expandRareTerms: false)
        #expect(!exact.isEmpty)
        #expect(exact.allSatisfy(holds))
        // As users search: close spellings of a rare word join the query, and the exact words still rank first.
        let hits = try corpus.library.searchBM25("AND OR NOT NEAR(")
        #expect(try hits.first.map(holds) == true)
    }
}
