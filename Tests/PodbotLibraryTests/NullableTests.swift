import Foundation
import Testing

@testable import PodbotLibrary

@Suite("JSON fields without a value")
struct NullableTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test("an unknown speaker, time or link is written as null; a known one as itself")
    func unknownIsNull() throws {
        var hit = SearchHit(
            passageID: 7, episodeID: 2, title: "Talk", text: "Words.", snippet: "«Words».", score: 1.5)
        let unknown = try object(hit)
        for key in ["show", "speaker", "start_seconds", "end_seconds", "url"] {
            #expect(unknown[key] is NSNull, "\(key) is listed as null")
        }
        hit.speaker = "Jeremy Howard"
        hit.startSeconds = 12.5
        let known = try object(hit)
        #expect(known["speaker"] as? String == "Jeremy Howard")
        #expect(known["start_seconds"] as? Double == 12.5)
        #expect(known["passage_id"] as? Int == 7)
    }

    @Test("a stored sentence without times reads back as untimed, with or without the null fields")
    func decodingMissingOrNull() throws {
        let untimed = SummarySentence(
            text: "They talk about Kaggle.", startSeconds: nil, endSeconds: nil, chunk: 0, position: 0, support: 1)
        let written = try JSONEncoder().encode(untimed)
        #expect(try JSONDecoder().decode(SummarySentence.self, from: written) == untimed)
        let withoutKeys = Data(#"{"text": "They talk about Kaggle.", "chunk": 0, "position": 0, "support": 1}"#.utf8)
        #expect(try JSONDecoder().decode(SummarySentence.self, from: withoutKeys) == untimed)
        let timed = Data(
            #"{"text": "A", "start_seconds": 3, "end_seconds": null, "chunk": 1, "position": 0.5, "support": 0.8}"#
                .utf8)
        let read = try JSONDecoder().decode(SummarySentence.self, from: timed)
        #expect(read.startSeconds == 3 && read.endSeconds == nil)
    }
}
