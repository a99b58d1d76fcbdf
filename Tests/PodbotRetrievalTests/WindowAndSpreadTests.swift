import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotRetrieval

@Suite("Passage windows and spreading across episodes (no model)")
struct WindowAndSpreadTests {
    @Test("a passage scores its best row; the gate reads its whole-passage row")
    func bestRow() {
        // Passage 7 has a whole-passage row and two windows; passage 9 one row.
        let rows: [[Float]] = [[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]]
        let index = VectorIndex(
            matrix: EmbeddingMatrix(ids: [7, 7, 7, 9], dimension: 2, values: rows.flatMap { $0 }), model: "t")
        #expect(index.passages == 2)
        let found = index.search([0, 1], k: 5)
        #expect(found.map(\.passageID) == [7, 9])
        #expect(found.first?.score == 1)
        #expect(index.score(passageID: 7, query: [0, 1]) == 1)
        #expect(index.wholePassageScore(passageID: 7, query: [0, 1]) == 0)
        #expect(index.search([0, 1], k: 5, allowed: [9]).map(\.passageID) == [9])
        #expect(index.similarity(7, 9) == 0.8)
    }

    @Test("windows of 40 words start 20 apart and cover the whole passage")
    func windows() {
        let short = (1...40).map { "w\($0)" }.joined(separator: " ")
        #expect(PassageVectors.texts(short) == [short])
        let long = (1...100).map { "w\($0)" }.joined(separator: " ")
        let texts = PassageVectors.texts(long)
        #expect(texts.first == long)
        #expect(texts.count == 1 + 4)
        #expect(texts[1].hasPrefix("w1 ") && texts[1].hasSuffix(" w40"))
        #expect(texts.last?.hasSuffix(" w100") == true)
    }

    @Test("a passage after another in its episode gets a window across the boundary, shown as its own opening")
    func boundaryWindow() throws {
        let previous = (1...30).map { "p\($0)" }.joined(separator: " ")
        let long = (1...100).map { "w\($0)" }.joined(separator: " ")
        let texts = PassageVectors.texts(long, previous: previous)
        #expect(Array(texts.dropLast()) == PassageVectors.texts(long))
        let boundary = try #require(texts.last)
        #expect(boundary == ((11...30).map { "p\($0)" } + (1...40).map { "w\($0)" }).joined(separator: " "))
        // The quote beneath an answer never shows the previous passage's words.
        #expect(
            PassageVectors.shownText(long, row: texts.count - 1) == (1...40).map { "w\($0)" }.joined(separator: " "))
        #expect(PassageVectors.shownText(long, row: 1) == texts[1])
        #expect(PassageVectors.shownText(long, row: texts.count) == nil)
        let short = "a short answer"
        #expect(
            PassageVectors.texts(short, previous: "what was the first program you wrote?")
                == [short, "what was the first program you wrote? a short answer"])
        #expect(PassageVectors.texts(short, previous: "") == [short])
        #expect(PassageVectors.shownText(short, row: 1) == short)
    }

    @Test("passages waiting for vectors come with the passage before them in their own episode")
    func previousPassage() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        for name in ["one", "two"] {
            let paragraphs = (1...6).map { paragraph in
                "Paragraph \(paragraph) of \(name). "
                    + String(repeating: "The guest talks about \(name) at length. ", count: 12)
            }
            let file = try scratch.write("\(name).txt", paragraphs.joined(separator: "\n\n"))
            _ = try library.importFile(ImportRequest(path: file))
        }
        let waiting = try library.passagesNeedingEmbedding(model: "m", dimension: 2, limit: 1000)
        let episodes = try library.episodeSources().map { try library.passageTexts(episode: $0.episodeID) }
        #expect(waiting.count == episodes.joined().count)
        let byID = Dictionary(uniqueKeysWithValues: waiting.map { ($0.id, $0) })
        for ordered in episodes {
            #expect(ordered.count >= 2)
            #expect(byID[ordered[0].id]?.previousText == nil)
            for (before, passage) in zip(ordered, ordered.dropFirst()) {
                #expect(byID[passage.id]?.previousText == before.text)
            }
        }
    }

    @Test("each model keeps its own vectors of a passage; models no longer configured lose theirs")
    func vectorsPerModel() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let text = (1...4).map { "Paragraph \($0). " + String(repeating: "The guest talks at length. ", count: 12) }
        _ = try library.importFile(ImportRequest(path: try scratch.write("one.txt", text.joined(separator: "\n\n"))))
        let passages = try library.passagesNeedingEmbedding(model: "a", dimension: 2, limit: 1000)
        #expect(passages.count >= 2)
        try library.storeEmbeddings(passages.map { ($0.id, [[1, 0], [0, 1]]) }, model: "a", dimension: 2)
        #expect(try library.passagesNeedingEmbedding(model: "a", dimension: 2, limit: 1000).isEmpty)
        // Another model's vectors are stored beside them, not in their place.
        #expect(try library.passagesNeedingEmbedding(model: "b", dimension: 3, limit: 1000).count == passages.count)
        try library.storeEmbeddings([(passages[0].id, [[1, 0, 0]])], model: "b", dimension: 3)
        #expect(try library.embeddingCoverage(model: "a").embedded == passages.count)
        #expect(try library.embeddingCoverage(model: "b").embedded == 1)
        #expect(try library.embeddingMatrix(model: "a")?.ids.count == passages.count * 2)
        #expect(try library.embeddingKeys() == ["a", "b"])
        #expect(try library.removeEmbeddings(keeping: ["a"]) == 1)
        #expect(try library.embeddingKeys() == ["a"])
        #expect(try library.embeddingCoverage(model: "a").embedded == passages.count)
    }

    @Test("a question typed without its question mark gets one; keywords and sentences stay as typed")
    func questionMark() {
        let cases = [
            "what was the medical imaging startup jeremy founded":
                "what was the medical imaging startup jeremy founded?",
            "After Chris offered to tutor him, how long did Jeremy spend learning Swift":
                "After Chris offered to tutor him, how long did Jeremy spend learning Swift?",
            "In which years was Jeremy the top-ranked competitor":
                "In which years was Jeremy the top-ranked competitor?",
            "Lukas said one remark got more discussion. What was it":
                "Lukas said one remark got more discussion. What was it?",
            "does sarah think no-code tools are useful ": "does sarah think no-code tools are useful?",
            "Why did Jeremy stop playing music?": "Why did Jeremy stop playing music?",
            "chess engine that taught itself": "chess engine that taught itself",
            "advice about picking a validation set": "advice about picking a validation set",
            "Tell me what Jeremy said.": "Tell me what Jeremy said.",
        ]
        for (typed, read) in cases { #expect(Retriever.withQuestionMark(typed) == read) }
    }

    @Test("BM25's best passage moves up to the rule's rank only when it leads BM25's second by the ratio")
    func decisiveLead() {
        let fused: [(id: Int64, score: Double)] = (1...6).map { (Int64($0), 1.0 / Double($0)) }
        func bm25(_ scores: [Double]) -> [SearchHit] {
            zip([Int64(5), 1, 2], scores).map { id, score in
                SearchHit(
                    passageID: id, episodeID: 1, title: "", show: nil, text: "", speaker: nil, startSeconds: nil,
                    endSeconds: nil, url: nil, score: score)
            }
        }
        let moved = Retriever.withDecisiveLead(fused, bm25: bm25([15, 9, 8]), rule: (1.5, 3))
        #expect(moved.map(\.id) == [1, 2, 5, 3, 4, 6])
        #expect(moved.map(\.score) == moved.map(\.score).sorted(by: >))
        #expect(
            Retriever.withDecisiveLead(fused, bm25: bm25([12, 9, 8]), rule: (1.5, 3)).map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(Retriever.withDecisiveLead(fused, bm25: bm25([15, 9, 8]), rule: nil).map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(
            Retriever.withDecisiveLead(fused, bm25: bm25([15, 9, 8]), rule: (1.5, 6)).map(\.id) == [1, 2, 3, 4, 5, 6])
    }

    @Test("each named conversation's leads go first in the fused order, those it lacks after them")
    func leads() {
        let fused: [(id: Int64, score: Double)] = (1...6).map { (Int64($0), 1.0 / Double($0)) }
        let led = Retriever.withLeads([[5, 9], [3]], fused)
        #expect(led.map(\.id) == [3, 5, 9, 1, 2, 4, 6])
        #expect(led.map(\.score) == led.map(\.score).sorted(by: >))
        #expect(Retriever.withLeads([[], []], fused).map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(Retriever.withLeads([[2, 1]], fused).map(\.id) == [1, 2, 3, 4, 5, 6])
    }

    @Test("one episode fills at most half of k, repeats wait, and waiting candidates fill what is left")
    func spread() {
        let ranked: [(id: Int64, score: Double)] = (1...8).map { (Int64($0), 1.0 / Double($0)) }
        // Passages 1–5 are episode 1, 6–8 episode 2; passage 2 repeats passage 1.
        let chosen = Retriever.spread(
            ranked, limit: 4, rules: .default, episode: { $0 <= 5 ? 1 : 2 },
            similarity: { a, b in Set([a, b]) == [1, 2] ? 0.95 : 0.1 })
        #expect(chosen.map(\.id) == [1, 3, 6, 7])
        let short = Retriever.spread(
            Array(ranked.prefix(5)), limit: 4, rules: .default, episode: { _ in 1 }, similarity: { _, _ in 0 })
        #expect(short.map(\.id) == [1, 2, 3, 4])
    }
}
