import PodbotInference
import PodbotTranscript

/// What a map step reads of its chunk: the chunk's most central sentences, in transcript order.
///
/// Reading the prompt is most of a summary's cost on two cores (Qwen2.5-Coder-0.5B reads ~110 tokens a second and
/// writes ~25; a 73-minute episode is 15,000 prompt tokens), and a map step's 2–3 sentences come from the chunk's
/// main thread, not from its asides and back-channel ("Yeah, totally."). So the step reads the sentences closest to
/// the chunk's centroid (bags of content words, ``TopicSegmenter/lexicalVectors(_:)``) until ``share`` of the
/// chunk's words are in. Grounding still checks each sentence against the whole chunk.
struct MapInput: Sendable, Hashable {
    /// Share of the chunk's words the map step reads; 1 reads the whole chunk.
    var share: Double

    /// Bumped when the selection changes, so stored map outputs of other inputs are not reused.
    static let version = 2

    /// Part of the map steps' key: the chunking key, plus the selection when it drops anything.
    func key(chunking: String) -> String {
        share >= 1 ? chunking : chunking + String(format: ";share=%.2f,v%d", share, Self.version)
    }

    /// The map step's user input for `chunk`: its selected sentences, then who speaks in it. Not a "Speakers: …"
    /// line first: Qwen2.5-Coder-0.5B answered six of ten chunks of the Cristóbal Valenzuela episode by echoing
    /// that line and the transcript after it.
    func text(of chunk: TranscriptChunk) -> String {
        let body = share >= 1 ? chunk.text : Self.central(chunk.text, share: share)
        return chunk.speakers.isEmpty ? body : "\(body)\n\n(Speakers: \(chunk.speakers.joined(separator: ", ")).)"
    }

    /// The sentences of `text` (lines are segments) closest to its centroid, enough for `share` of its words, in
    /// their order; a segment keeps its own line.
    static func central(_ text: String, share: Double) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        var sentences: [(line: Int, text: String, words: Int)] = []
        for (line, segment) in lines.enumerated() {
            for words in SentenceSplitter.sentences(segment) {
                sentences.append((line, words.joined(separator: " "), words.count))
            }
        }
        let total = sentences.reduce(0) { $0 + $1.words }
        guard sentences.count > 2, total > 0 else { return text }
        let vectors = TopicSegmenter.lexicalVectors(sentences.map(\.text))
        let centroid = TopicSegmenter.sum(vectors[...])
        let scores = vectors.map { VectorMath.cosine($0, centroid) }
        var kept = Set<Int>()
        var words = 0
        for index in sentences.indices.sorted(by: { scores[$0] > scores[$1] }) {
            guard Double(words) < share * Double(total) else { break }
            kept.insert(index)
            words += sentences[index].words
        }
        var output: [String] = []
        var currentLine = -1
        for index in sentences.indices where kept.contains(index) {
            if sentences[index].line == currentLine {
                output[output.count - 1] += " " + sentences[index].text
            } else {
                output.append(sentences[index].text)
                currentLine = sentences[index].line
            }
        }
        return output.joined(separator: "\n")
    }
}
