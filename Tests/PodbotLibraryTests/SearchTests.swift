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
