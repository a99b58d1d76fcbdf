import PodbotInference

/// What podbot embeds for a passage: its whole text, then windows of ``windowWords`` words whose starts are
/// ``windowStride`` words apart, then a boundary window: the previous passage's last ``windowStride`` words before
/// this passage's first ``windowWords``. A question matches a passage by its best vector, so a paraphrase of two
/// sentences inside a long passage is not drowned by the rest of it, while citations still point at the whole
/// passage and its segments.
///
/// The boundary window is there because conversations run across passage breaks: an answer often leaves its topic
/// to the question before it ("What's the first program you ever wrote?" ends one passage, "This program I wrote
/// at high school…" opens the next), and without the question's words the answer is hard to find.
///
/// Measured on eval/dev-ask.jsonl (BENCHMARKS.md): windows, vector hit@5 0.696 → 0.710, hit@10 0.725 → 0.783,
/// multi-episode coverage 0.312 → 0.562, against one vector per passage; the boundary window, hybrid hit@5
/// 0.754 → 0.797, hit@10 0.812 → 0.884.
public enum PassageVectors {
    public static let windowWords = 40
    public static let windowStride = 20
    /// Names the recipe in the stored key, so a library embedded another way is embedded again, never mixed.
    public static let recipe = "w40s20b20"

    /// The key vectors of `model` made this way are stored under; a passage prefix (``EmbeddingPrefixes``) is part
    /// of it, so vectors made with another prefix are made again, never mixed.
    public static func storageKey(model: String, documentPrefix: String = "") -> String {
        documentPrefix.isEmpty ? "\(model)#\(recipe)" : "\(model)#\(recipe)#\(documentPrefix)"
    }

    /// The key `embedder`'s passage vectors are stored under.
    public static func storageKey(for embedder: any Embedder) -> String {
        storageKey(model: embedder.modelName, documentPrefix: embedder.prefixes.document)
    }

    /// The texts to embed for one passage: the passage, its windows when it is longer than one window, and the
    /// boundary window when the passage has one before it in its episode (`previous`).
    public static func texts(_ passage: String, previous: String? = nil) -> [String] {
        let words = words(passage)
        var texts = ownTexts(passage, words: words)
        let before = previous.map(Self.words)?.suffix(windowStride) ?? []
        if !before.isEmpty {
            texts.append((before + words.prefix(windowWords)).joined(separator: " "))
        }
        return texts
    }

    /// The words of this passage that row `row` of its vectors stands for (the boundary window stands for the
    /// passage's opening, never for the previous passage's words); `nil` past the passage's rows.
    public static func shownText(_ passage: String, row: Int) -> String? {
        let words = words(passage)
        let own = ownTexts(passage, words: words)
        if row < own.count { return own[row] }
        return row == own.count ? words.prefix(windowWords).joined(separator: " ") : nil
    }

    /// The passage's words (split at white space) that ``shownText(_:row:)`` shows for `row`; `nil` past its rows.
    public static func wordRange(_ passage: String, row: Int) -> Range<Int>? {
        let count = words(passage).count
        let windows = windowStarts(count)
        if row == 0 { return 0..<count }
        if row <= windows.count { return windows[row - 1]..<min(count, windows[row - 1] + windowWords) }
        return row == windows.count + 1 ? 0..<min(count, windowWords) : nil
    }

    /// The whole passage, then its windows (`words` are the passage's).
    private static func ownTexts(_ passage: String, words: [Substring]) -> [String] {
        var texts = [passage]
        for start in windowStarts(words.count) {
            texts.append(words[start..<min(words.count, start + windowWords)].joined(separator: " "))
        }
        return texts
    }

    /// Where the windows of a passage of `count` words start; none when the passage is one window or shorter.
    private static func windowStarts(_ count: Int) -> [Int] {
        count > windowWords ? Array(stride(from: 0, to: count - windowStride, by: windowStride)) : []
    }

    private static func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }
}
