import PodbotInference
import PodbotLibrary

/// Builds the chat prompt of an ask: instructions, then the numbered passages with episode, speaker and time,
/// then the question.
public enum PromptBuilder {
    /// What the model is told to write when the passages do not answer; ``AskPipeline`` treats it as
    /// "not covered".
    public static let notCoveredMarker = "NOT COVERED"

    static let instructions = """
        You answer questions about podcast episodes using only the numbered passages you are given. \
        Answer in one to three short sentences, in your own words. \
        End every sentence with the numbers of the passages it relies on in square brackets, like [1] or [2][3]. \
        A passage header names its speaker only when the transcript does; a passage without a speaker may be the \
        host or the guest, so do not say who said it. \
        Use no outside knowledge, and do not mention times or passages that are not given. \
        If the passages do not answer the question, reply exactly: \(notCoveredMarker).
        """

    /// The messages for `question` over `passages` (numbered from 1 in the order given).
    public static func messages(question: String, passages: [SearchHit], instructions: String? = nil) -> [ChatMessage] {
        var context = ""
        for (index, passage) in passages.enumerated() {
            context += header(passage, number: index + 1) + "\n" + passage.text + "\n\n"
        }
        return [
            .system(instructions ?? Self.instructions),
            .user("Passages:\n\n\(context)Question: \(question)\nAnswer with citations:"),
        ]
    }

    /// A fingerprint of `messages` (FNV-1a, 64 bits, hex), the same in every process: `podbot eval` records it
    /// with each answer so that `--replay` knows whether the model would be shown the same prompt again.
    public static func digest(_ messages: [ChatMessage]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for message in messages {
            for byte in Array((message.role.rawValue + "\u{0}" + message.content + "\u{0}").utf8) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    /// `[n] Title (Show) · Speaker · 12:34`, the line above each passage.
    static func header(_ passage: SearchHit, number: Int) -> String {
        var line = "[\(number)] \(passage.title)"
        if let show = passage.show { line += " (\(show))" }
        if let speaker = passage.speaker { line += " · \(speaker)" }
        if let start = passage.startSeconds { line += " · " + TimeFormat.clock(start) }
        return line
    }
}
