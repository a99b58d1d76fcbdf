import PodbotErrors

/// Why a model could not be configured, reached or run. Its `description` names the setting, file or server at
/// fault and what to do.
public struct InferenceError: ClassifiedError, Sendable, Hashable {
    /// What kind of problem this is, for callers that react differently (e.g. HTTP status codes).
    public enum Kind: String, Sendable, Hashable {
        /// A configuration value (file, env var or flag) is invalid.
        case configuration
        /// A model file is missing, not a GGUF, or corrupt.
        case modelFile
        /// The input cannot be processed (e.g. a prompt longer than the context).
        case invalidInput
        /// The server could not be reached, answered with an error, or closed the connection.
        case server
        /// The engine failed while running.
        case engine
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The readable explanation.
    public var message: String
    /// The HTTP status an OpenAI-compatible server answered with, when that is the problem.
    public var httpStatus: Int?

    public init(_ kind: Kind, _ message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
    }

    /// Input the model cannot take is the caller's to fix; every other problem leaves the model unavailable.
    public var failureKind: FailureKind { kind == .invalidInput ? .invalidInput : .unavailable }

    public var description: String { message }
}
