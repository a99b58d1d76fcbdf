import PodbotLibrary

/// The given passages' own sentences that an answer's dropped sentences paraphrase.
///
/// The small model often reads the right words and rewords them past what the support check allows ("Jeremy likes
/// forums better than Discord because it has a more active forum thread"). The sentence it was reading says what
/// the passage says, as the speaker said it, and is shown as their words.
enum PassageSentences {
    /// A sentence of a given passage.
    struct Candidate: Equatable {
        /// The passage's number, from 1.
        var n: Int
        var text: String
        /// Whose words they are, when the passage's label or turn names one speaker.
        var speaker: String?
        /// Content words it shares with the dropped sentence it is closest to, besides the question's.
        var shared: Int
    }

    /// Most words taken as one sentence; a longer run (an unpunctuated transcript) is cut into windows of this many
    /// words, each starting half a window after the last, "…" where one cuts the run.
    static let longestSentence = 40
    /// Least content words a candidate must share with a dropped sentence besides the question's: one word in
    /// common is chance.
    static let minimumShared = 2

    /// The sentences of `hit`, none across two speakers' turns, each with its speaker: the turn's, else the passage's
    /// label when it names one speaker.
    static func sentences(of hit: SearchHit) -> [(speaker: String?, text: String)] {
        let parts: [(speaker: String?, text: String)] =
            hit.turns.isEmpty
            ? [(hit.speaker.flatMap { $0.contains(",") ? nil : $0 }, hit.text)]
            : hit.turns.map { ($0.speaker, $0.text) }
        return parts.flatMap { part in
            SentenceSplitter.split(part.text).flatMap { piece -> [String] in
                let words = piece.text.split(separator: " ")
                guard words.count > longestSentence else { return [piece.text] }
                let step = longestSentence / 2
                return stride(from: 0, to: words.count - step, by: step).map { start in
                    let end = min(words.count, start + longestSentence)
                    return (start > 0 ? "…" : "") + words[start..<end].joined(separator: " ")
                        + (end < words.count ? "…" : "")
                }
            }.map { (part.speaker, $0) }
        }
    }

    /// The sentences of `passages` closest to the `dropped` sentences, at most `limit`, the most shared first (the
    /// earlier passage on a tie): for each dropped sentence, the sentence sharing the most of its content words that
    /// `questionWords` does not hold, when it shares ``minimumShared`` of them. One per passage.
    static func closest(
        to dropped: [String], questionWords: Set<String>, passages: [SearchHit], limit: Int
    ) -> [Candidate] {
        let sentences = passages.enumerated().flatMap { index, hit in
            Self.sentences(of: hit).map { (n: index + 1, speaker: $0.speaker, text: $0.text) }
        }
        let words = sentences.map { Set(SupportCheck.contentWords($0.text)) }
        var found: [Candidate] = []
        for claim in dropped {
            let own = Set(SupportCheck.contentWords(claim)).subtracting(questionWords)
            guard own.count >= minimumShared else { continue }
            let counts = words.map { $0.intersection(own).count }
            // The first of equals: the earlier passage.
            guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] >= minimumShared
            else { continue }
            let sentence = sentences[best]
            found.append(
                Candidate(n: sentence.n, text: sentence.text, speaker: sentence.speaker, shared: counts[best]))
        }
        var chosen: [Candidate] = []
        for candidate in found.sorted(by: { $0.shared > $1.shared || ($0.shared == $1.shared && $0.n < $1.n) })
        where chosen.count < limit && !chosen.contains(where: { $0.n == candidate.n }) {
            chosen.append(candidate)
        }
        return chosen
    }
}
