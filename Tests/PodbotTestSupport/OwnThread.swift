import Foundation

/// Runs blocking work, such as waiting for a child process or reading its pipe, on a thread of its own.
///
/// Swift's cooperative pool has one thread per core. On a 2-core machine two tests that each wait there for a child
/// running for minutes stop every other task in the test process: servers under test answer nothing, and an HTTP
/// test client's read timeout fires though nothing is wrong with the server.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension Process {
    /// Waits for the process to exit without holding a thread of the cooperative pool.
    public func exited() async {
        // `waitUntilExit` cannot throw; the `try` only satisfies `onOwnThread`'s signature.
        try? await onOwnThread { [self] in waitUntilExit() }
    }
}

extension FileHandle {
    /// What a child process writes to this pipe, read on a thread of its own until `enough` holds for the text so
    /// far, the writer closes the pipe, or (checked between reads) `deadline` passes.
    public func text(until enough: @escaping @Sendable (String) -> Bool, deadline: Date = .distantFuture) async throws
        -> String
    {
        try await onOwnThread { [self] in
            var text = ""
            while Date() < deadline, !enough(text) {
                let data = availableData
                if data.isEmpty { break }  // the writer closed the pipe
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
    }
}
