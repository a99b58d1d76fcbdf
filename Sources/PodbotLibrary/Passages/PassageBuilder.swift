import PodbotTranscript

/// Cuts an episode's segments into passages of about a paragraph.
///
/// Passages close at sentence ends once they reach the target size, at speaker changes once they reach
/// the minimum, and at a word boundary when they would pass the maximum. Text is split only at
/// whitespace, so no word is ever cut; times come from the segments, never interpolated.
public enum PassageBuilder {
    public static func build(_ segments: [Segment], policy: PassagePolicy = .default) -> [Passage] {
        var passages: [Passage] = []
        var open: [Unit] = []
        var openWords = 0

        func close() {
            guard !open.isEmpty else { return }
            passages.append(makePassage(open, ordinal: passages.count, words: openWords))
            open.removeAll(keepingCapacity: true)
            openWords = 0
        }

        for unit in units(of: segments, maxWords: policy.maxWords) {
            if let last = open.last {
                let speakerChanged = unit.speaker != last.speaker || unit.speakerChange
                if openWords + unit.words > policy.maxWords
                    || (speakerChanged && openWords >= policy.minWords)
                    || (last.endsSentence && openWords >= policy.targetWords)
                {
                    close()
                }
            }
            open.append(unit)
            openWords += unit.words
        }
        // A short tail joins its predecessor when the two still fit, rather than standing alone.
        if openWords < policy.minWords, let previous = passages.last,
            previous.words + openWords <= policy.maxWords + policy.minWords,
            previous.speakers.last == open.first?.speaker || open.first?.speaker == nil
        {
            passages.removeLast()
            var merged = previous
            merged.text += " " + open.map(\.text).joined(separator: " ")
            merged.words += openWords
            merged.lastSegment = open.last!.segment
            for speaker in open.compactMap(\.speaker) where !merged.speakers.contains(speaker) {
                merged.speakers.append(speaker)
            }
            merged.endMs = open.compactMap(\.endMs).last ?? merged.endMs
            passages.append(merged)
        } else {
            close()
        }
        return passages
    }

    /// A sentence (or a word-bounded piece of an overlong one) of one segment.
    struct Unit {
        var segment: Int
        var speaker: String?
        /// The source marks a new (unnamed) speaker where this unit starts.
        var speakerChange: Bool
        var startMs: Int?
        var endMs: Int?
        var text: String
        var words: Int
        var endsSentence: Bool
    }

    static func units(of segments: [Segment], maxWords: Int) -> [Unit] {
        var units: [Unit] = []
        for (index, segment) in segments.enumerated() {
            var first = true
            for words in SentenceSplitter.sentences(segment.text) {
                let endsSentence = words.last.map(SentenceSplitter.endsSentence) ?? false
                var start = 0
                while start < words.count {
                    let end = min(words.count, start + maxWords)
                    units.append(
                        Unit(
                            segment: index, speaker: segment.speaker, speakerChange: first && segment.speakerChange,
                            startMs: segment.startMs, endMs: segment.endMs,
                            text: words[start..<end].joined(separator: " "), words: end - start,
                            endsSentence: end == words.count && endsSentence))
                    start = end
                    first = false
                }
            }
        }
        return units
    }

    static func makePassage(_ units: [Unit], ordinal: Int, words: Int) -> Passage {
        var speakers: [String] = []
        for speaker in units.compactMap(\.speaker) where !speakers.contains(speaker) {
            speakers.append(speaker)
        }
        return Passage(
            ordinal: ordinal, firstSegment: units.first!.segment, lastSegment: units.last!.segment,
            speakers: speakers, startMs: units.lazy.compactMap(\.startMs).first,
            endMs: units.reversed().lazy.compactMap(\.endMs).first,
            text: units.map(\.text).joined(separator: " "), words: words)
    }
}
