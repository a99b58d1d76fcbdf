import PodbotErrors

/// An input problem, located as precisely as the source allows.
///
/// Its `description` is the one line the CLI prints: `file:line: field: reason`.
public struct TranscriptError: ClassifiedError, Sendable, Equatable {
    /// The file (or other source name) at fault.
    public var source: String
    /// 1-based line number, when the problem has one.
    public var line: Int?
    /// The field or column at fault (`start`, `transcript`, `segments[3].startTime`), when there is one.
    public var field: String?
    /// What is wrong and, where useful, what to do.
    public var reason: String
    /// Malformed input unless the error says otherwise.
    public var failureKind: FailureKind

    public init(
        source: String, line: Int? = nil, field: String? = nil, reason: String,
        kind: FailureKind = .invalidInput
    ) {
        self.source = source
        self.line = line
        self.field = field
        self.reason = reason
        self.failureKind = kind
    }

    public var description: String {
        InputLocation.describe(source: source, line: line, field: field, reason: reason)
    }
}
