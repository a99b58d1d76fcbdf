import PodbotInference
import PodbotLibrary
import PodbotRetrieval

/// How well any summary (podbot's, or one imported from another system) is grounded in its episode's transcript,
/// by the check podbot's own summaries pass (``SummaryGrounding``).
public struct SummaryAudit: Sendable, Encodable {
    /// Sentences of three or more words.
    public var sentences: Int
    /// Of those, sentences some chunk supports.
    public var supported: Int
    /// Names and numbers the summary states that occur nowhere in the transcript, its title or speaker names.
    public var absentTerms: [String]

    public var supportedShare: Double { sentences == 0 ? 1 : Double(supported) / Double(sentences) }

    enum CodingKeys: String, CodingKey {
        case sentences, supported
        case supportedShare = "supported_share"
        case absentTerms = "absent_terms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sentences, forKey: .sentences)
        try container.encode(supported, forKey: .supported)
        try container.encode(supportedShare, forKey: .supportedShare)
        try container.encode(absentTerms, forKey: .absentTerms)
    }

    /// Audits `summary` against episode `id`, chunked as `settings` says with `generator`'s tokens.
    public static func audit(
        _ summary: String, episode id: Int64, library: Library, generator: any TextGenerator,
        settings: EnrichmentSettings
    ) async throws -> SummaryAudit {
        let (episode, chunks) = try await EpisodeText.chunked(
            id, library: library, generator: generator, settings: settings, purpose: "audit")
        let names = [episode.title] + Array(Set(chunks.flatMap(\.speakers))).sorted()
        let outcome = SummaryGrounding(chunks: chunks, names: names).ground(summary)
        let whole = Grounding.Source(chunks.map(\.text).joined(separator: " "), names: names)
        var absent: [String] = []
        for sentence in Grounding.sentences(summary) {
            for term in Grounding.check(sentence, against: whole).missing where !absent.contains(term) {
                absent.append(term)
            }
        }
        return SummaryAudit(
            sentences: outcome.kept.count + outcome.dropped.count, supported: outcome.kept.count, absentTerms: absent)
    }
}
