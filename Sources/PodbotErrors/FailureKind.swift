/// What kind of failure an error is. The front ends react to the kind and never to a message's words: the CLI
/// picks its exit code, the server its HTTP status, MCP its tool error. Rewording a message changes nothing else.
public enum FailureKind: String, Sendable, Hashable, CaseIterable {
    /// The episode, file or thing named does not exist.
    case notFound
    /// The input (a file, an argument, a field) is malformed or out of range.
    case invalidInput
    /// The input contradicts what is stored (e.g. a path imported before with other content).
    case conflict
    /// Another process or request holds what is needed; the same call may succeed later.
    case busy
    /// A model or server the work needs cannot be reached, loaded or run.
    case unavailable
    /// Anything else: storage damaged or unwritable, a bug. Its details are not for remote clients.
    case `internal`
}

/// An error that says what kind of failure it is.
public protocol ClassifiedError: Error, CustomStringConvertible {
    /// What kind of failure this is.
    var failureKind: FailureKind { get }
}

/// A failure of the service itself (a full queue, a model that cannot be loaded), with its kind and, for a
/// failure that passes, how many seconds to wait before trying again.
public struct ServiceError: ClassifiedError, Sendable, Equatable {
    public var failureKind: FailureKind
    public var message: String
    /// Seconds after which the same call may succeed; `nil` when waiting would not help.
    public var retryAfter: Int?

    public init(_ kind: FailureKind, _ message: String, retryAfter: Int? = nil) {
        self.failureKind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}

/// The one-line shape of every input error: `source[:line][: field]: reason`.
public enum InputLocation {
    public static func describe(source: String, line: Int?, field: String?, reason: String) -> String {
        var location = source
        if let line { location += ":\(line)" }
        if let field { return "\(location): \(field): \(reason)" }
        return "\(location): \(reason)"
    }
}
