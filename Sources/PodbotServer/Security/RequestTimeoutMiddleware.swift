import Hummingbird

/// Answers 504 when a handler has not produced its response head within `seconds` (`askSeconds` for asks, which
/// may wait for the model).
///
/// Streaming bodies (SSE asks) are written after the head and are not limited here; the connection's idle
/// timeout and the client's disconnect bound them.
struct RequestTimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let seconds: Double
    let askSeconds: Double

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let limit = request.uri.path.hasSuffix("/ask") || request.uri.path == "/ask" ? askSeconds : seconds
        // The group joins both tasks before returning, so `next` never outlives this call.
        return try await withoutActuallyEscaping(next) { next in
            let handler = UncheckedHandler(call: next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await handler.call(request, context) }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int(limit * 1000)))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw ProblemDetails(.gatewayTimeout, "the request took longer than \(Int(limit)) s")
                }
                return response
            }
        }
    }
}

/// Lets the handler closure cross into the timeout's task group, which joins it before the middleware returns.
private struct UncheckedHandler<Context: RequestContext>: @unchecked Sendable {
    let call: (Request, Context) async throws -> Response
}
