import Foundation

/// Blocking work (parsing a file, a write transaction) run on a thread of its own.
///
/// Swift's cooperative pool has one thread per core and serves every request of the server: two uploads parsed
/// and stored on it left nothing to answer a page with (12.7 s for the OpenAPI document during two 15 MB
/// uploads, issue 15). A thread per call costs microseconds against imports that take milliseconds to seconds.
public enum Blocking {
    /// The result of `work`, run on a new thread; the caller's task suspends meanwhile.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
