import PodbotLibrary
import PodbotRetrieval

/// Ties every summary sentence to the transcript chunk it came from, and keeps only the sentences that chunk
/// supports: at least ``minimumSupport`` of their content words, and every name and number they state, must be in
/// the chunk (or be the episode's title or a speaker's name).
///
/// A map sentence is checked against its own chunk. A reduce sentence was written from several partial summaries,
/// so it is checked against the chunk that supports it best, and that chunk becomes its source.
struct SummaryGrounding: Sendable {
    /// Recorded in the summary's details; bump when the check changes so stored summaries are made again.
    static let version = "grounding.v4"
    static let minimumSupport = SupportCheck.defaultThreshold

    /// Sentences that passed, with their sources, and those that did not.
    struct Outcome: Sendable {
        var kept: [SummarySentence] = []
        var dropped: [String] = []
    }

    let chunks: [TranscriptChunk]
    private let sources: [Grounding.Source]
    /// Each chunk's runs of ``copyRun`` consecutive words, to tell a copied sentence from a summary.
    private let runs: [Set<[Substring]>]

    /// Consecutive words a copied sentence shares with its chunk, and the share of its runs that must be shared.
    static let copyRun = 4
    static let copiedShare = 0.7

    /// `names`: what any sentence may name without its chunk holding it (the title, the speakers).
    init(chunks: [TranscriptChunk], names: [String]) {
        self.chunks = chunks
        sources = chunks.map { Grounding.Source($0.text, names: names + $0.speakers) }
        runs = chunks.map { Set(Self.runs(of: $0.text)) }
    }

    /// The sentences of `text`, written from chunk `position` (an index into `chunks`), checked against it alone.
    /// A sentence copied from the chunk is not a summary of it ("Long story short, I'm originally from Chile.",
    /// which Qwen2.5-Coder-0.5B gave for a chunk of the Cristóbal Valenzuela episode) and is dropped too.
    func ground(_ text: String, chunk position: Int) -> Outcome {
        var outcome = Outcome()
        for sentence in Grounding.sentences(text) where !Self.isFragment(sentence) {
            let verdict = Grounding.check(sentence, against: sources[position])
            if verdict.passes(Self.minimumSupport), !isCopied(sentence, chunk: position),
                !Self.speaksInFirstPerson(sentence)
            {
                outcome.kept.append(self.sentence(sentence, chunk: position, support: verdict.support))
            } else {
                outcome.dropped.append(sentence)
            }
        }
        return outcome
    }

    /// The sentences of `text`, each checked against the chunk that supports it best (the earliest on a tie).
    func ground(_ text: String) -> Outcome {
        var outcome = Outcome()
        for sentence in Grounding.sentences(text) where !Self.isFragment(sentence) {
            var best: (position: Int, verdict: Grounding.Verdict)?
            for position in sources.indices {
                let verdict = Grounding.check(sentence, against: sources[position])
                let passes = verdict.passes(Self.minimumSupport)
                if let current = best {
                    let currentPasses = current.verdict.passes(Self.minimumSupport)
                    guard
                        (passes && !currentPasses)
                            || (passes == currentPasses && verdict.support > current.verdict.support)
                    else { continue }
                }
                best = (position, verdict)
            }
            if let best, best.verdict.passes(Self.minimumSupport) {
                outcome.kept.append(self.sentence(sentence, chunk: best.position, support: best.verdict.support))
            } else {
                outcome.dropped.append(sentence)
            }
        }
        return outcome
    }

    /// True when `sentence` says "I", "we", "my" or "our": a speaker's words, not a summary of them. Qwen2.5-Coder-0.5B
    /// echoed parts of the Cristóbal Valenzuela episode with light edits ("The inference pipeline we built processes
    /// real-time videos…"), which the copy check alone lets through.
    static func speaksInFirstPerson(_ sentence: String) -> Bool {
        sentence.split { !($0.isLetter || $0 == "'" || $0 == "’") }.contains {
            firstPerson.contains($0.replacingOccurrences(of: "’", with: "'").lowercased())
        }
    }

    static let firstPerson: Set<String> = [
        "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've", "we'd", "we'll",
        "our", "ours", "ourselves",
    ]

    /// True when most of `sentence`'s runs of ``copyRun`` words occur in chunk `position` as they are.
    func isCopied(_ sentence: String, chunk position: Int) -> Bool {
        let own = Self.runs(of: sentence)
        guard own.count >= 3 else { return false }
        let shared = own.filter(runs[position].contains).count
        return Double(shared) >= Self.copiedShare * Double(own.count)
    }

    /// The runs of ``copyRun`` consecutive words of `text`, lowercased, punctuation left out.
    static func runs(of text: String) -> [[Substring]] {
        let lowered = text.lowercased()
        let words = lowered.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’") }
        guard words.count >= copyRun else { return [] }
        return (0...(words.count - copyRun)).map { Array(words[$0..<($0 + copyRun)]) }
    }

    /// The better of two attempts at the same summary: more sentences kept, then fewer dropped.
    static func better(_ first: Outcome, _ second: Outcome) -> Outcome {
        if second.kept.count != first.kept.count { return second.kept.count > first.kept.count ? second : first }
        return second.dropped.count < first.dropped.count ? second : first
    }

    /// True when `sentences` come from every third of the episode's `chunks`. Asked to combine fourteen partial
    /// summaries of a 73-minute episode, the 0.5B model copied the first five and stopped: a summary of its first
    /// 29 minutes.
    static func coversEpisode(_ sentences: [SummarySentence], chunks: Int) -> Bool {
        guard chunks >= 3 else { return !sentences.isEmpty }
        return Set(sentences.map { min(2, $0.chunk * 3 / chunks) }).count == 3
    }

    /// Up to `limit` grounded map sentences spread over the episode: the first kept sentence of chunks taken at
    /// even steps. The summary when the reduce step keeps fewer than two sentences or covers only part of the
    /// episode.
    static func spread(_ perChunk: [Outcome], limit: Int) -> [SummarySentence] {
        let firsts = perChunk.compactMap(\.kept.first)
        guard firsts.count > limit else { return firsts }
        return (0..<limit).map { firsts[$0 * firsts.count / limit] }
    }

    /// The sentences as two paragraphs (one when there is a single sentence), split near the middle of the text.
    static func paragraphs(_ sentences: [SummarySentence]) -> String { Paragraphs.halves(sentences.map(\.text)) }

    /// Says nothing: fewer than three words (a heading, a stray "Summary."), or the "Speakers: …" line of the map
    /// input copied back (Qwen2.5-Coder-0.5B ended three map summaries of the Cristóbal Valenzuela episode so).
    static func isFragment(_ sentence: String) -> Bool {
        sentence.split(whereSeparator: \.isWhitespace).count < 3
            || sentence.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("speakers:")
    }

    private func sentence(_ text: String, chunk position: Int, support: Double) -> SummarySentence {
        let chunk = chunks[position]
        return SummarySentence(
            text: text, startSeconds: chunk.startSeconds, endSeconds: chunk.endSeconds, chunk: chunk.index,
            position: chunk.position, support: (support * 1000).rounded() / 1000)
    }
}
