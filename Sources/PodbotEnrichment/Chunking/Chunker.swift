import PodbotTranscript

/// Cuts a transcript into windows of model tokens, breaking between sentences and preferring segment boundaries.
///
/// Each segment is split into sentences; a sentence longer than the window is split between words. Sentences are
/// packed greedily; when the next one would overflow the window, the chunk ends at the last segment boundary if that
/// keeps it at least three quarters full (so most chunks start where a timed segment starts), else after the last
/// sentence that fits. With an overlap, the next chunk repeats the previous chunk's last sentences.
public struct Chunker: Sendable {
    /// The window and overlap.
    public var parameters: ChunkingParameters

    public init(parameters: ChunkingParameters) {
        self.parameters = parameters
    }

    /// A sentence (or piece of one) of one segment.
    struct Unit {
        var segment: Int
        var text: String
        var tokens: Int
        /// Character offset of the unit in its segment, and the segment's length, to interpolate times.
        var offset: Int
        var segmentLength: Int
        /// Tokens of all units before this one.
        var tokensBefore: Int = 0
    }

    /// The chunks of `segments`, in order.
    /// - Parameter countTokens: the model's token count of a text (``PodbotInference/TextGenerator/countTokens(_:)``).
    /// - Throws: ``EnrichmentError`` for invalid parameters, or what `countTokens` throws.
    public func chunks(
        of segments: [ChunkInput], countTokens: (String) async throws -> Int
    ) async throws -> [TranscriptChunk] {
        try parameters.validate()
        var units = try await self.units(of: segments, countTokens: countTokens)
        var total = 0
        for i in units.indices {
            units[i].tokensBefore = total
            total += units[i].tokens
        }
        guard !units.isEmpty else { return [] }

        var chunks: [TranscriptChunk] = []
        var start = 0
        while start < units.count {
            var end = start
            var tokens = 0
            while end < units.count, end == start || tokens + units[end].tokens <= parameters.tokens {
                tokens += units[end].tokens
                end += 1
            }
            if end < units.count {
                // Prefer to end at a segment boundary when that keeps the chunk at least 3/4 full.
                var cut = end
                var kept = tokens
                while cut > start + 1, units[cut].segment == units[cut - 1].segment {
                    cut -= 1
                    kept -= units[cut].tokens
                }
                if units[cut].segment != units[cut - 1].segment, kept * 4 >= parameters.tokens * 3 { end = cut }
            }
            chunks.append(makeChunk(index: chunks.count, units: units[start..<end], segments: segments, total: total))
            guard end < units.count else { break }
            // Overlap: step back over whole units worth at most `overlap` tokens, always moving forward.
            var next = end
            var repeated = 0
            while next > start + 1, repeated + units[next - 1].tokens <= parameters.overlap {
                next -= 1
                repeated += units[next].tokens
            }
            start = next
        }
        return chunks
    }

    private func units(of segments: [ChunkInput], countTokens: (String) async throws -> Int) async throws -> [Unit] {
        var units: [Unit] = []
        for (index, segment) in segments.enumerated() {
            let length = segment.text.count
            var offset = 0
            for sentence in SentenceSplitter.sentences(segment.text) {
                let text = sentence.joined(separator: " ")
                let tokens = try await countTokens(text)
                if tokens <= parameters.tokens {
                    units.append(
                        Unit(segment: index, text: text, tokens: tokens, offset: offset, segmentLength: length))
                } else {
                    // An unpunctuated stream (raw speech recognition): cut between words.
                    let wordsPerPiece = max(1, sentence.count * parameters.tokens / tokens * 9 / 10)
                    var pieceOffset = offset
                    for pieceStart in stride(from: 0, to: sentence.count, by: wordsPerPiece) {
                        let piece = sentence[pieceStart..<min(sentence.count, pieceStart + wordsPerPiece)]
                            .joined(separator: " ")
                        units.append(
                            Unit(
                                segment: index, text: piece, tokens: try await countTokens(piece), offset: pieceOffset,
                                segmentLength: length))
                        pieceOffset += piece.count + 1
                    }
                }
                offset += text.count + 1
            }
        }
        return units
    }

    private func makeChunk(index: Int, units: ArraySlice<Unit>, segments: [ChunkInput], total: Int) -> TranscriptChunk {
        let first = units.first!, last = units.last!
        var text = ""
        var speakers: [String] = []
        var previousSegment = first.segment
        for unit in units {
            if !text.isEmpty { text += unit.segment == previousSegment ? " " : "\n" }
            text += unit.text
            previousSegment = unit.segment
        }
        for segment in first.segment...last.segment {
            if let speaker = segments[segment].speaker, !speakers.contains(speaker) { speakers.append(speaker) }
        }
        return TranscriptChunk(
            index: index, text: text, tokenCount: units.reduce(0) { $0 + $1.tokens }, firstSegment: first.segment,
            lastSegment: last.segment,
            startSeconds: startTime(of: first, segments: segments, lastSegment: last.segment),
            endSeconds: (first.segment...last.segment).reversed().lazy
                .compactMap { segments[$0].endSeconds ?? segments[$0].startSeconds }.first,
            speakers: speakers, position: total > 0 ? Double(first.tokensBefore) / Double(total) : 0)
    }

    /// The time the unit starts: its segment's start, moved forward by the unit's share of the segment when the unit
    /// starts mid-segment and the segment has an end time; else the first timed segment of the chunk.
    private func startTime(of unit: Unit, segments: [ChunkInput], lastSegment: Int) -> Double? {
        let segment = segments[unit.segment]
        if let start = segment.startSeconds {
            guard unit.offset > 0, let end = segment.endSeconds, end > start, unit.segmentLength > 0 else {
                return start
            }
            return start + (end - start) * Double(unit.offset) / Double(unit.segmentLength)
        }
        guard unit.segment < lastSegment else { return nil }
        return (unit.segment + 1...lastSegment).lazy.compactMap { segments[$0].startSeconds }.first
    }
}
