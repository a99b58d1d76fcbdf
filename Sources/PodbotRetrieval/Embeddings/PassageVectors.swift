/// What podbot embeds for a passage: its whole text, then windows of ``windowWords`` words whose starts are
/// ``windowStride`` words apart. A question matches a passage by its best vector, so a paraphrase of two sentences
/// inside a long passage is not drowned by the rest of it, while citations still point at the whole passage and
/// its segments.
///
/// Measured on eval/dev-ask.jsonl (BENCHMARKS.md): vector hit@5 0.696 → 0.710, hit@10 0.725 → 0.783, multi-episode
/// coverage 0.312 → 0.562, against one vector per passage.
public enum PassageVectors {
    public static let windowWords = 40
    public static let windowStride = 20
    /// Names the recipe in the stored key, so a library embedded another way is embedded again, never mixed.
    public static let recipe = "w40s20"

    /// The key vectors of `model` made this way are stored under.
    public static func storageKey(model: String) -> String { "\(model)#\(recipe)" }

    /// The texts to embed for one passage: the passage, then its windows when it is longer than one window.
    public static func texts(_ passage: String) -> [String] {
        let words = passage.split(whereSeparator: \.isWhitespace)
        guard words.count > windowWords else { return [passage] }
        var texts = [passage]
        for start in stride(from: 0, to: words.count - windowStride, by: windowStride) {
            texts.append(words[start..<min(words.count, start + windowWords)].joined(separator: " "))
        }
        return texts
    }
}
