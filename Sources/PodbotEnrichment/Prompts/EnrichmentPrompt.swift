import PodbotInference

/// A versioned instruction: the system message is the same for every chunk (a shared prefix the engine's prompt
/// cache reuses); the chunk's text goes in the user message after it.
public struct EnrichmentPrompt: Sendable, Hashable {
    /// Stored with every output; bump it whenever the wording changes so stored outputs are not reused.
    public var version: String
    /// The instruction.
    public var system: String
    /// Text put before the input in the user message.
    public var inputLead: String

    /// The conversation for one input.
    public func messages(_ input: String) -> [ChatMessage] {
        [.system(system), .user(inputLead + input)]
    }
}

/// podbot's enrichment prompts. Short and literal: the bundled models are small.
public enum EnrichmentPrompts {
    /// Map step: one chunk to a few sentences. Two or three: a summary takes about one sentence per chunk
    /// (``Summarizer``), and each sentence written is ~2 s of decoding on two cores.
    public static let summaryMap = EnrichmentPrompt(
        version: "summary.map.v2",
        system: """
            You summarize one part of a podcast transcript. Write a concise summary of 2 to 3 sentences: the main \
            topics, claims and examples, and who makes them when speakers are named. Report only what is said. No \
            opinions, no praise, no introduction such as "In this part".
            """,
        inputLead: "Transcript part:\n\n")

    /// Map step again, as the next turn of the same conversation, when the first summary stated something its
    /// chunk does not say. As a second turn it reuses the first call's evaluated prompt (the engine keeps the
    /// shared prefix), so it costs the correction's few tokens instead of the chunk's thousand
    /// (``retryMessages(_:retry:input:answer:unsupported:)``).
    public static let summaryMapRetry = EnrichmentPrompt(
        version: "summary.map.retry.v2",
        system: summaryMap.system,
        inputLead: """
            These sentences of your summary are not a summary of the transcript part: they say what it does not \
            say, or copy it word for word:

            """)

    /// The conversation of a retry: `first`'s call on `input`, its `answer`, then `retry`'s correction naming the
    /// `unsupported` sentences.
    public static func retryMessages(
        _ first: EnrichmentPrompt, retry: EnrichmentPrompt, input: String, answer: String, unsupported: [String]
    ) -> [ChatMessage] {
        first.messages(input) + [
            .assistant(answer),
            .user(
                retry.inputLead + unsupported.map { "- \($0)" }.joined(separator: "\n")
                    + "\n\nWrite the summary again in 2 to 3 short sentences of your own, in the third person, "
                    + "using only facts, names and numbers that appear in the transcript part."),
        ]
    }

    /// Reduce step: the ordered partial summaries to the episode's summary.
    public static let summaryReduce = EnrichmentPrompt(
        version: "summary.reduce.v1",
        system: """
            You combine the partial summaries of one podcast episode, given in order, into one summary of the whole \
            episode. Write exactly two paragraphs separated by a blank line: the first about the guest and the main \
            topics, the second about the key ideas and conclusions. Report only what is said; no opinions.
            """,
        inputLead: "Partial summaries, in order:\n\n")

    /// Reduce step again, when the first summary stated something no chunk of the transcript says.
    public static let summaryReduceStrict = EnrichmentPrompt(
        version: "summary.reduce.strict.v1",
        system: """
            You combine the partial summaries of one podcast episode, given in order, into one summary of the whole \
            episode in two short paragraphs. Use only facts, names and numbers that appear in the partial \
            summaries, in their words where you can. Never add a name, a number or a claim that is not in them.
            """,
        inputLead: "Partial summaries, in order:\n\n")

    /// Collapse step: several partial summaries to one shorter one, when they do not fit the context together.
    public static let summaryCollapse = EnrichmentPrompt(
        version: "summary.collapse.v1",
        system: """
            You combine consecutive partial summaries of a podcast episode into one concise summary of 4 to 6 \
            sentences that keeps the main topics, claims and names. Report only what is said; no opinions.
            """,
        inputLead: "Partial summaries, in order:\n\n")

    /// Chapter title of one section, from its most central transcript passages. With map summaries as input ("The
    /// podcast discusses …") a third of the 0.5B model's titles copied that sentence, so the input is the
    /// transcript. No example titles: the model copies them word for word ("Sailing Around Cape Horn", twice in one
    /// episode).
    public static let chapterTitle = EnrichmentPrompt(
        version: "chapters.title.v4",
        system: """
            You write chapter titles for a podcast episode. Given passages from one section of the transcript, reply \
            with a title of 2 to 7 words naming the topic they discuss, like the title of a chapter in a book. Never \
            start with "The podcast" or "This section", and never write a sentence. Reply with the title only.
            """,
        inputLead: "Passages of the section:\n\n")

    /// Chapter title again, when the first was not a short topic phrase made of the section's words.
    public static let chapterTitleStrict = EnrichmentPrompt(
        version: "chapters.title.strict.v2",
        system: """
            Name the topic of these podcast transcript passages in 2 to 5 words, as a noun phrase made of words \
            that appear in them. Reply with the topic only: no sentence and no quotes.
            """,
        inputLead: "Passages:\n\n")

    /// Listener questions about one chunk.
    public static let questions = EnrichmentPrompt(
        version: "questions.v4",
        system: """
            You read one part of a podcast transcript and write 3 different questions a listener might ask that \
            this part answers, numbered 1. to 3., each on its own line and ending with a question mark. No \
            introduction and no answers.
            """,
        inputLead: "Transcript part:\n\n")

    /// GBNF for chapter titles: one line, starting with a letter or digit, without the `|` and quotes with which a
    /// small model strings several titles together. No word limit: where a grammar forbids the space the model wants
    /// next, it glues words instead ("for_training_neural_nets" was seen with a limit of 8).
    public static let titleGrammar = #"""
        root ::= [A-Za-z0-9] [^\n|"]*
        """#

    /// GBNF for a chapter title asked for again: as ``titleGrammar``, but at least two words (asked for "2 to 5
    /// words", the 0.5B model answered single terms such as "Fast.ai").
    public static let strictTitleGrammar = #"""
        root ::= [A-Za-z0-9] [^\n|" ]* (" " [^\n|" ]+)+
        """#

    /// GBNF for questions: one to three lines, each a capitalised question of 3 to 40 words ending in `?`, optionally
    /// numbered (a model offered numbers goes on to "2." and "3." instead of stopping after one). The length bound
    /// matters: a tiny model that never writes `?` would otherwise run into the token limit mid-line.
    public static let questionGrammar = #"""
        root ::= item ("\n" item)? ("\n" item)?
        item ::= ([1-3] ". ")? question
        question ::= [A-Z] [^\n? ]{0,24} (" " word){2,39} "?"
        word ::= [^\n? ]{1,24}
        """#
}
