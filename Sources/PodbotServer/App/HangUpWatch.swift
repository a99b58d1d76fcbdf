import Hummingbird

/// Cancels work when its client closes the connection (a closed tab, a stopped `curl`), so the model goes on to the
/// next question instead of answering nobody.
///
/// Hummingbird sees the close by reading what is left of the request. Its reader, cancelled before it has read the
/// body's end (the work ended first, or the client has not yet sent the end) on a request stream that then ends
/// rather than throws (the router test client's does; a live connection's throws), leaves the body stream it feeds
/// unfinished, and NIO stops the process for that. So the watch reads the body first (a GET's is empty, a POST's has
/// been read already): its reader then only ever waits for the connection's next request or its end.
struct HangUpWatch: Sendable {
    /// The request's body, read in full.
    private let body: RequestBody

    /// The largest body a watched request may have.
    static let maxBody = 64 * 1024

    /// Reads `request`'s body (a 413 problem beyond ``maxBody``).
    init(_ request: Request) async throws {
        var request = request
        _ = try await request.collectBody(upTo: Self.maxBody)
        body = request.body
    }

    /// Runs `operation`, cancelled if the client hangs up first.
    func run<Value: Sendable>(_ operation: () async throws -> Value) async throws -> Value {
        try await body.consumeWithCancellationOnInboundClose { _ in try await operation() }
    }
}
