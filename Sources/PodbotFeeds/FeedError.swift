import PodbotErrors

/// A feed, transcript or chapters document that could not be had or read: one line naming the URL or file, and
/// the line and field where there is one.
public struct FeedError: ClassifiedError, Sendable, Equatable {
    /// The URL or file at fault.
    public var source: String
    /// 1-based line number, when the problem has one.
    public var line: Int?
    /// The element or field at fault (`item[3].enclosure`, `chapters[2].startTime`), when there is one.
    public var field: String?
    public var reason: String
    public var failureKind: FailureKind

    public init(
        source: String, line: Int? = nil, field: String? = nil, reason: String, kind: FailureKind = .invalidInput
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
