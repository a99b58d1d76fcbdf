import Foundation
import PodbotLibrary

/// Quotations: a speaker's words copied into an answer, shown as theirs, and headers copied as if they were.
extension AnswerChecker {
    /// A quotation of `sentence` whose content words all are in a passage's header (title, show, speaker) while no
    /// passage's text holds its words in a row; `nil` when there is none.
    static func headerOnlyQuotation(_ sentence: String, sources: [Source]) -> String? {
        quotations(sentence).first { quotation in
            let content = Set(SupportCheck.contentWords(quotation))
            let run = words(quotation)
            guard !content.isEmpty, sources.contains(where: { content.isSubset(of: $0.title) }) else { return false }
            return !sources.contains { !places(of: run[...], in: $0.sequence).isEmpty }
        }
    }

    /// Double quotation marks, straight or curly.
    static let quotationMarks: Set<Character> = ["\"", "“", "”"]

    /// The runs of `text` between double quotation marks, straight or curly.
    static func quotations(_ text: String) -> [String] {
        var runs: [String] = []
        var current: String?
        for character in text {
            if quotationMarks.contains(character) {
                if let run = current {
                    runs.append(run)
                    current = nil
                } else {
                    current = ""
                }
            } else {
                current?.append(character)
            }
        }
        return runs
    }

    /// How `sentence` is shown when it copies a speaker's words in the first person from a passage it cites: with
    /// the speaker whose they are, when the passage's label or turn names one ("We use lots of boosted models" is
    /// Jeremy's, "Her investments include a whole bunch of companies I admire" the host's), else without a name.
    /// `nil` for the answer's own words, a quotation already, or a sentence naming the speaker it copies.
    static func quotation(of sentence: String, cited: [Int], sources: [Source]) -> Quotation? {
        guard !sentence.contains(where: quotationMarks.contains),
            nameTokens(sentence).contains(where: firstPerson.contains)
        else { return nil }
        let sequence = words(sentence)
        let content = Array(Set(SupportCheck.contentWords(sentence)))
        for number in cited {
            let source = sources[number - 1]
            guard copiedShare(sequence, from: source.sequence) >= minimumCopiedShare else { continue }
            let speaker: String?
            if source.turns.isEmpty {
                speaker = source.speakers.isEmpty || source.label.contains(",") ? nil : source.label
            } else {
                let labels = Set(source.turns(holdingMost: content).map(\.label))
                speaker = labels.count == 1 ? labels.first : nil
            }
            guard let speaker else { return Quotation(speaker: nil) }
            // "Jeremy mentions the Michaela school, which I believe…" is the answer's words around his.
            let named = !Set(EpisodeMentions.fold(speaker)).isDisjoint(with: EpisodeMentions.fold(sentence))
            return named ? nil : Quotation(speaker: speaker)
        }
        return nil
    }

    /// `sentence` with its one quotation mark paired, or without it. The model opens a speaker's words and ends the
    /// sentence before closing them (`Cris: "Runway aims basically to simplify…`), or closes words an earlier
    /// sentence opened; shown as written, the lone mark reads as a broken answer. Words a cited passage holds as
    /// written (``copiedShare(_:from:)`` of ``minimumCopiedShare`` or more; all of them, in a row, for fewer than four)
    /// are a quotation and get the missing mark; others are the model's, and lose the mark rather than pass for a
    /// speaker's words.
    static func pairingQuotationMark(_ sentence: String, cited: [Int], sources: [Source]) -> String {
        let marks = sentence.indices.filter { quotationMarks.contains(sentence[$0]) }
        guard marks.count == 1, let mark = marks.first else { return sentence }
        let after = sentence.index(after: mark)
        let opens =
            sentence[mark] == "“"
            || (sentence[mark] == "\"" && after < sentence.endIndex && !sentence[after].isWhitespace
                && !".,;:!?".contains(sentence[after]))
        let run = words(String(opens ? sentence[after...] : sentence[..<mark]))
        // A few words ("AI is magical") are a quotation when a passage holds them in a row.
        let copied = cited.contains { number in
            let passage = sources[number - 1].sequence
            return run.count < 4
                ? !places(of: run[...], in: passage).isEmpty : copiedShare(run, from: passage) >= minimumCopiedShare
        }
        var paired = sentence
        guard copied else {
            paired.remove(at: mark)
            return paired.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        }
        let straight = sentence[mark] == "\""
        if opens {
            // The closing mark goes before the sentence's closing stop, as `render` expects.
            var end = paired.endIndex
            while end > after, ".!?".contains(paired[paired.index(before: end)]) { end = paired.index(before: end) }
            paired.insert(straight ? "\"" : "”", at: end)
        } else {
            paired.insert(straight ? "\"" : "“", at: paired.startIndex)
        }
        return paired
    }

    /// First-person words, as written: "I" capitalised, "us" only in lower case ("US" is the country).
    static let firstPerson: Set<String> = [
        "I", "I'm", "I've", "I'd", "I'll", "me", "my", "My", "mine", "myself", "we", "We", "we're", "We're", "we've",
        "We've", "we'd", "We'd", "we'll", "We'll", "us", "our", "Our", "ours", "ourselves",
    ]

    /// The share of `sequence`'s words that lie in runs of four or more words `passage` holds in the same order.
    static func copiedShare(_ sequence: [String], from passage: [String]) -> Double {
        guard !sequence.isEmpty else { return 0 }
        let run = 4
        var covered = Array(repeating: false, count: sequence.count)
        if sequence.count >= run {
            for start in 0...(sequence.count - run)
            where !places(of: sequence[start..<(start + run)], in: passage).isEmpty {
                for index in start..<(start + run) { covered[index] = true }
            }
        }
        return Double(covered.filter { $0 }.count) / Double(sequence.count)
    }

    /// The least share of a sentence's words that must be a passage's own for it to be shown as a quotation.
    static let minimumCopiedShare = 0.9

    /// Where `run` starts in `sequence`, word for word.
    static func places(of run: ArraySlice<String>, in sequence: [String]) -> [Int] {
        guard !run.isEmpty, run.count <= sequence.count else { return [] }
        return (0...(sequence.count - run.count)).filter { sequence[$0..<($0 + run.count)].elementsEqual(run) }
    }

    /// `sentence` without a passage header the model copied in front of it ("Jeremy Howard, second visit (Gradient
    /// Dissent), that the paid-API models …"), when a claim remains after it.
    static func withoutHeader(_ sentence: String, passages: [SearchHit]) -> String {
        for passage in passages {
            let headers = [passage.show.map { "\(passage.title) (\($0))" }, passage.title].compactMap { $0 }
            for header in headers where sentence.lowercased().hasPrefix(header.lowercased()) {
                let rest = sentence.dropFirst(header.count).drop { " ,:;·-—".contains($0) }
                let headerWords = Set(
                    SupportCheck.contentWords(
                        [passage.title, passage.show ?? "", passage.speaker ?? ""].joined(separator: " ")))
                // The header was the subject ("… (raw ASR transcript) says N95 respirators…"): the claim is what
                // follows the verb, and a title is nobody to attribute it to.
                var words = rest.split(separator: " ", omittingEmptySubsequences: true)
                if let verb = words.first, speechVerbs.contains(verb.lowercased()), words.count > 2 {
                    words.removeFirst()
                    if words.first?.lowercased() == "that" { words.removeFirst() }
                }
                let stripped = words.joined(separator: " ")
                let claim = SupportCheck.contentWords(stripped).filter { !headerWords.contains($0) }
                if claim.count >= 2 { return stripped.prefix(1).uppercased() + stripped.dropFirst() }
            }
        }
        return sentence
    }
}
