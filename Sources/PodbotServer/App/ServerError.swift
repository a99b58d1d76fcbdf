/// A server set-up problem (bad bind address, missing token), described in one line with what to do.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
