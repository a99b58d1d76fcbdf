/// Groups the words of unparagraphed text (hard-wrapped ASR output, one huge line) into paragraphs.
///
/// Sentences are kept whole and packed into paragraphs of about `target` words. A run with no sentence
/// end (an unpunctuated lowercase stream) is cut at word boundaries into even pieces of at most `maximum`
/// words. Every input word lands in exactly one paragraph, in order.
enum ParagraphBuilder {
    /// Paragraph size bounds, in words.
    static let minimum = 60, target = 110, maximum = 150

    /// The paragraphs of `text`, each as single-space-joined words.
    static func paragraphs<S: StringProtocol>(_ text: S) -> [String] {
        var pieces: [[Substring]] = []
        for sentence in SentenceSplitter.sentences(text) {
            if sentence.count <= maximum {
                pieces.append(sentence)
            } else {
                // No usable sentence end: cut into equal parts no larger than `target + 20` words.
                let parts = (sentence.count + (target + 20) - 1) / (target + 20)
                let size = (sentence.count + parts - 1) / parts
                var start = 0
                while start < sentence.count {
                    pieces.append(Array(sentence[start..<min(start + size, sentence.count)]))
                    start += size
                }
            }
        }
        var paragraphs: [[Substring]] = []
        var current: [Substring] = []
        for piece in pieces {
            if !current.isEmpty, current.count >= minimum, current.count + piece.count > maximum {
                paragraphs.append(current)
                current = []
            }
            current += piece
            if current.count >= target {
                paragraphs.append(current)
                current = []
            }
        }
        if !current.isEmpty {
            // A short tail joins the previous paragraph rather than standing alone.
            if current.count < minimum / 2, let last = paragraphs.last, last.count + current.count <= maximum + 40 {
                paragraphs[paragraphs.count - 1] += current
            } else {
                paragraphs.append(current)
            }
        }
        return paragraphs.map { $0.joined(separator: " ") }
    }
}
