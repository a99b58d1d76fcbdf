import Foundation

/// Recognises output a small model produces when it breaks down: nothing at all, or a repetition loop.
public enum DegenerationCheck {
    /// Why `text` is unusable, or `nil` when it looks like real output.
    public static func problem(in text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "empty output" }
        let words = trimmed.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
        // The same line or sentence three times over.
        var seen: [String: Int] = [:]
        for line in trimmed.split(whereSeparator: { "\n.?!".contains($0) }) {
            let key = line.trimmingCharacters(in: .whitespaces).lowercased()
            guard key.count >= 12 else { continue }
            seen[key, default: 0] += 1
            if seen[key]! >= 3 { return "repetition loop (a sentence repeats)" }
        }
        // Few distinct 4-grams: a phrase loop.
        if words.count >= 24 {
            var grams = Set<String>()
            for i in 0...(words.count - 4) { grams.insert(words[i..<i + 4].joined(separator: " ")) }
            if Double(grams.count) / Double(words.count - 3) < 0.5 { return "repetition loop (phrases repeat)" }
        }
        // One token-like word dominating ("the the the …").
        if words.count >= 12 {
            var counts: [String: Int] = [:]
            for word in words { counts[word, default: 0] += 1 }
            if let top = counts.values.max(), Double(top) / Double(words.count) > 0.3, top >= 8 {
                return "repetition loop (a word repeats)"
            }
        }
        return nil
    }
}
