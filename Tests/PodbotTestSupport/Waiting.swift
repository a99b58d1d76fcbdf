import Testing

/// How long a test waits for work that takes milliseconds to seconds before calling it a hang: far past anything a
/// busy machine needs, so it only ever turns a regression that would hang the suite into a failure.
public let hangBound = Duration.seconds(600)

/// Waits until `condition` holds, looking every `interval`: for a report of the work under test (a queued request,
/// a stored row), never for the time work should take.
/// - Parameter hangAfter: when to call it a hang (default ``hangBound``); `nil` when `condition` also holds once the
///   work ends by itself (a process that exits), so no bound is needed.
/// - Throws: `CancellationError` after recording an issue naming `what`, when `hangAfter` passes first.
public func waitUntil(
    _ what: String, every interval: Duration = .milliseconds(20), hangAfter: Duration? = hangBound,
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    while try await !condition() {
        if let hangAfter, start.duration(to: clock.now) >= hangAfter {
            Issue.record("never happened within \(hangAfter): \(what)")
            throw CancellationError()
        }
        try await Task.sleep(for: interval)
    }
}

/// Runs `work` and returns its result; when it has not finished after ``hangBound``, records an issue naming `what`
/// and returns `nil` (the work is cancelled).
public func finishing<T: Sendable>(_ what: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T?
{
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: hangBound)
            return nil
        }
        defer { group.cancelAll() }
        let first = try await group.next() ?? nil
        if first == nil { Issue.record("did not finish within \(hangBound): \(what)") }
        return first
    }
}
