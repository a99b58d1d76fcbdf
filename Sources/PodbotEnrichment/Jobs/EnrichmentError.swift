/// An enrichment failure, in one line that names the episode, step or setting at fault and what to do.
public struct EnrichmentError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
