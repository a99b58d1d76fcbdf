/// The words questions open with, shared by retrieval (is this text a question?) and the answer checks (does it ask
/// for yes or no?).
enum QuestionWords {
    /// Auxiliary verbs: a question they open asks for yes or no ("Does…", "Has…", "Is…").
    static let auxiliaries: Set<String> = [
        "do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would",
        "should",
    ]

    /// Every word a question may open with: the auxiliaries and the interrogatives.
    static let openers: Set<String> = auxiliaries.union([
        "what", "who", "whom", "whose", "why", "how", "when", "where", "which",
    ])
}
