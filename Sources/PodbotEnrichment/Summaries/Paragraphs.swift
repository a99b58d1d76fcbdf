import Foundation
import PodbotTranscript

/// Paragraph form of a final summary.
enum Paragraphs {
    /// `text` with paragraphs separated by one blank line; a single paragraph is split in two at the sentence
    /// boundary nearest its middle (small models often ignore "two paragraphs"; the form is part of the contract).
    /// Headings and labels a model puts on lines of their own ("Paragraph 1:", "**Key ideas**") are dropped, and
    /// any other paragraph of fewer than five words is joined to its neighbour.
    static func atLeastTwo(_ text: String) -> String {
        let paragraphs = merged(
            text.components(separatedBy: "\n").map { unnumbered($0.trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.isEmpty && !isLabel($0) })
        if paragraphs.count == 1 {
            let sentences = SentenceSplitter.sentences(paragraphs[0]).map { $0.joined(separator: " ") }
            if sentences.count >= 2 { return halves(sentences) }
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// `sentences` as two paragraphs, split at the sentence boundary nearest the middle of the text; one paragraph
    /// when there is a single sentence.
    static func halves(_ sentences: [String]) -> String {
        guard sentences.count >= 2 else { return sentences.joined() }
        let total = sentences.reduce(0) { $0 + $1.count }
        var split = 1
        var running = sentences[0].count
        while split < sentences.count - 1, running + sentences[split].count <= total / 2 {
            running += sentences[split].count
            split += 1
        }
        return sentences[..<split].joined(separator: " ") + "\n\n" + sentences[split...].joined(separator: " ")
    }

    /// `line` without a leading list number ("1. "), which a model copies from the numbered partial summaries.
    static func unnumbered(_ line: String) -> String {
        let digits = line.prefix(while: \.isNumber)
        guard (1...2).contains(digits.count), line.dropFirst(digits.count).hasPrefix(". ") else { return line }
        return String(line.dropFirst(digits.count + 2))
    }

    /// Fewest words a paragraph of its own has.
    static let minimumWords = 5

    /// A short line that only announces what follows: ends with a colon, or is wholly bold.
    static func isLabel(_ line: String) -> Bool {
        let words = line.split(separator: " ").count
        guard words <= 6 else { return false }
        return line.hasSuffix(":") || line.hasSuffix(":**") || (line.hasPrefix("**") && line.hasSuffix("**"))
    }

    /// `paragraphs` with each one shorter than ``minimumWords`` joined to the one before it (the first to the next).
    static func merged(_ paragraphs: [String]) -> [String] {
        var result: [String] = []
        var leading = ""
        for paragraph in paragraphs {
            if paragraph.split(separator: " ").count < minimumWords, let last = result.popLast() {
                result.append(last + " " + paragraph)
            } else if leading.isEmpty, paragraph.split(separator: " ").count >= minimumWords {
                result.append(paragraph)
            } else {
                leading = leading.isEmpty ? paragraph : leading + " " + paragraph
                if leading.split(separator: " ").count >= minimumWords {
                    result.append(leading)
                    leading = ""
                }
            }
        }
        if !leading.isEmpty { result.append(leading) }
        return result
    }
}
