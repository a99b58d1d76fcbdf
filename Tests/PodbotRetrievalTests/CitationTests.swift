import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotRetrieval

@Suite("Citation validation and prompt assembly (no model)")
struct CitationTests {
    @Test("valid markers stay, invalid ones are removed and reported")
    func markers() {
        let outcome = CitationValidator.validate(
            "Swift was archived [2]. He taught it [1, 7] and later [9]. Also [3][2].", passageCount: 3)
        #expect(outcome.text == "Swift was archived [2]. He taught it [1] and later. Also [3][2].")
        #expect(outcome.cited == [2, 1, 3])
        #expect(outcome.invalid == [7, 9])
    }

    @Test("brackets that are not markers are left alone")
    func notMarkers() {
        let outcome = CitationValidator.validate("An array [a, b] and [MUSIC] stay [1].", passageCount: 1)
        #expect(outcome.text == "An array [a, b] and [MUSIC] stay [1].")
        #expect(outcome.cited == [1])
        #expect(outcome.invalid.isEmpty)
    }

    @Test("times not taken from passage metadata are removed")
    func times() {
        let outcome = CitationValidator.validate(
            "He says it at 58:56 [1], and again at 1:02:03 [1].", passageCount: 1, allowedTimes: ["58:56"])
        #expect(outcome.text == "He says it at 58:56 [1], and again [1].")
        #expect(outcome.removedTimes == ["1:02:03"])
        #expect(CitationValidator.validate("at 00:58:56", passageCount: 1, allowedTimes: ["58:56"]).removedTimes == [])
    }

    @Test("the prompt numbers passages with episode, speaker and time")
    func prompt() {
        let passages = [
            SearchHit(
                passageID: 10, episodeID: 1, title: "Latent Space", show: "Latent Space",
                text: "Swift for TensorFlow got archived.",
                speaker: nil, startSeconds: 3611.7, endSeconds: 3620, url: nil, score: 1),
            SearchHit(
                passageID: 11, episodeID: 2, title: "Vanishing Gradients", show: nil,
                text: "Random forests came out in 1999.",
                speaker: "Jeremy", startSeconds: nil, endSeconds: nil, url: nil, score: 1),
        ]
        let messages = PromptBuilder.messages(question: "What happened to Swift?", passages: passages)
        #expect(messages.count == 2)
        #expect(messages[0].role == ChatMessage.Role.system)
        let user = messages[1].content
        #expect(user.contains("[1] Latent Space (Latent Space) · 1:00:11\nSwift for TensorFlow got archived."))
        #expect(user.contains("[2] Vanishing Gradients · Jeremy\nRandom forests came out in 1999."))
        #expect(user.hasSuffix("Question: What happened to Swift?\nAnswer with citations:"))
    }

    @Test("support is the share of content words found in the cited passages")
    func support() {
        let passage = "Swift for TensorFlow got archived after Chris Lattner left Google."
        #expect(SupportCheck.support(of: "Swift for TensorFlow was archived.", in: [passage]) == 1)
        let invented = SupportCheck.support(of: "Messi scored twelve goals for Barcelona.", in: [passage])
        #expect(invented == 0)
    }
}

@Suite("Fusion and SIMD vector scan (no model)")
struct VectorTests {
    @Test("reciprocal-rank fusion sums 1/(k + rank) and breaks ties by first appearance")
    func fusion() {
        let fused = ReciprocalRankFusion.fuse([[1, 2, 3], [3, 4, 1]], k: 60)
        #expect(fused.map(\.id) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 63)) < 1e-12)
        #expect(abs(fused[2].score - 1.0 / 62) < 1e-12)
    }

    @Test("the SIMD scan finds the same top k as a plain loop", arguments: [384, 100, 7])
    func scan(dimension: Int) {
        var generator = SplitMix(seed: UInt64(dimension))
        let rows = 1000
        let ids = (0..<rows).map { Int64($0 * 3 + 1) }
        let values = (0..<(rows * dimension)).map { _ in Float(generator.unit() * 2 - 1) }
        let query = (0..<dimension).map { _ in Float(generator.unit() * 2 - 1) }
        let index = VectorIndex(matrix: EmbeddingMatrix(ids: ids, dimension: dimension, values: values), model: "t")
        let naive = (0..<rows).map { row in
            (
                id: ids[row],
                score: zip(query, values[(row * dimension)..<((row + 1) * dimension)]).reduce(Float(0)) {
                    $0 + $1.0 * $1.1
                }
            )
        }.sorted { $0.score > $1.score }
        let found = index.search(query, k: 10)
        #expect(found.map(\.passageID) == naive.prefix(10).map(\.id))
        for (a, b) in zip(found, naive) { #expect(abs(a.score - b.score) < 1e-3) }
        let allowed: Set<Int64> = [ids[5], ids[500], ids[999]]
        #expect(Set(index.search(query, k: 10, allowed: allowed).map(\.passageID)) == allowed)
        #expect(
            index.score(passageID: ids[500], query: query) == found.first { $0.passageID == ids[500] }?.score
                ?? index.score(passageID: ids[500], query: query))
        #expect(index.score(passageID: 2, query: query) == nil)
    }
}
