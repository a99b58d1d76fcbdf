import Hummingbird
import HummingbirdTesting
import PodbotTestSupport
import Testing

@testable import PodbotServer

/// A request that runs past its time gets 504, and its handler is cancelled: the work stops with the request.
struct RequestTimeoutTests {
    /// Records what the slow handler saw.
    actor Outcome {
        private(set) var cancelled = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func markCancelled() {
            cancelled = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }

        /// Returns once the handler has reported its cancellation.
        func untilCancelled() async {
            if cancelled { return }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    @Test func aTimedOutRequestIs504AndItsWorkIsCancelled() async throws {
        let outcome = Outcome()
        // Without the cancellation the request would never end; the hang bound turns that regression into a
        // failure rather than a hang (the 504 and the cancellation take milliseconds whatever the load).
        let answered =
            try await finishing("the timed-out request's handler cancelled") {
                let router = Router()
                router.add(middleware: ProblemResponse())
                router.add(middleware: RequestTimeoutMiddleware(seconds: 0.2, askSeconds: 0.2))
                router.get("slow") { _, _ -> String in
                    do {
                        // Far longer than any test run: only cancellation ends it.
                        try await Task.sleep(for: .seconds(3600))
                        return "finished"
                    } catch {
                        await outcome.markCancelled()
                        throw error
                    }
                }
                try await Application(router: router).test(.router) { client in
                    try await client.execute(uri: "/slow", method: .get) { response in
                        #expect(response.status == .gatewayTimeout)
                    }
                }
                await outcome.untilCancelled()
                return true
            } ?? false
        #expect(answered, "the timed-out request's handler was never cancelled")
        #expect(await outcome.cancelled)
    }
}

/// The problem a route throws as its response, as the server's `ProblemMiddleware` does without its pages.
private struct ProblemResponse<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            return problem.response()
        }
    }
}
