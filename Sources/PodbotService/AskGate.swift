import PodbotErrors

/// Lets one ask use the model at a time, queues the next `queueLimit` in arrival order, and refuses the rest.
public actor AskGate {
    public let queueLimit: Int
    /// Rough seconds one ask holds the model, for `Retry-After`.
    public let secondsPerAsk: Int
    private var busy = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    public init(queueLimit: Int, secondsPerAsk: Int = 20) {
        self.queueLimit = max(0, queueLimit)
        self.secondsPerAsk = secondsPerAsk
    }

    /// Asks waiting now.
    public var waiting: Int { waiters.count }

    /// The error of a full queue, with the seconds until it has room.
    private func full() -> ServiceError {
        ServiceError(
            .busy, "the model is busy with \(waiters.count + 1) questions; try again shortly",
            retryAfter: secondsPerAsk * (waiters.count + 1))
    }

    /// Throws the busy error that `enter` would throw now, without queueing.
    public func checkRoom() throws {
        if busy && waiters.count >= queueLimit {
            throw full()
        }
    }

    /// Waits for the model; FIFO among waiters.
    /// - Throws: a busy ``ServiceError`` with the seconds to wait when the queue is full, `CancellationError`.
    public func enter() async throws {
        if !busy {
            busy = true
            return
        }
        guard waiters.count < queueLimit else {
            throw full()
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Hands the model to the next waiter, or frees it.
    public func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancel(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
