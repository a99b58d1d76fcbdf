import Foundation
import ServiceLifecycle

/// One queue of background jobs, run one at a time in submission order, independent of the request that
/// started them (a client that disconnects leaves its job running).
///
/// A `Service`: the application runs it beside the HTTP server and it stops on graceful shutdown.
public actor JobQueue: Service {
    private var jobs: [String: JobStatus] = [:]
    private var order: [String] = []
    private var pending: [(id: String, kind: JobKind, episodes: [Int64])] = []
    private var current: (id: String, task: Task<Void, Never>)?
    /// Wakes the running `run()`; `nil` while no application runs the queue.
    private var wake: AsyncStream<Void>.Continuation?
    private weak var backend: Backend?
    /// Finished jobs kept for status queries.
    private let keepFinished = 100

    public init() {}

    func attach(_ backend: Backend) { self.backend = backend }

    /// Queues a job of `kind` over `episodes` (empty: every episode, for kinds that work per episode).
    public func submit(_ kind: JobKind, episodes: [Int64] = []) -> JobStatus {
        let status = JobStatus(
            id: UUID().uuidString.lowercased(), kind: kind.name, episodes: episodes, state: .queued, done: 0,
            total: nil, message: nil, createdAt: JobStatus.now())
        jobs[status.id] = status
        order.append(status.id)
        pending.append((status.id, kind, episodes))
        trim()
        wake?.yield()
        return status
    }

    /// The job `id`, or `nil` when there is none.
    public func status(_ id: String) -> JobStatus? { jobs[id] }

    /// Every known job, oldest first.
    public func list() -> [JobStatus] { order.compactMap { jobs[$0] } }

    /// Cancels a queued or running job; a finished job is returned unchanged.
    public func cancel(_ id: String) -> JobStatus? {
        guard var status = jobs[id] else { return nil }
        if status.state == .queued {
            pending.removeAll { $0.id == id }
            status.state = .cancelled
            status.finishedAt = JobStatus.now()
            jobs[id] = status
        } else if status.state == .running, current?.id == id {
            current?.task.cancel()
        }
        return jobs[id]
    }

    /// Waits until job `id` has finished (tests, MCP).
    public func wait(_ id: String) async -> JobStatus? {
        while let status = jobs[id], !status.isFinished {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return jobs[id]
    }

    /// Runs queued jobs until graceful shutdown, then cancels the running one.
    public func run() async throws {
        // A fresh stream per run: tests run several applications, one after another, over one queue.
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        wake.yield()
        defer { self.wake = nil }
        for await _ in wakes.cancelOnGracefulShutdown() {
            while !pending.isEmpty {
                let next = pending.removeFirst()
                await execute(next.id, next.kind, next.episodes)
            }
        }
        current?.task.cancel()
    }

    private func execute(_ id: String, _ kind: JobKind, _ episodes: [Int64]) async {
        guard let backend else { return finish(id, .failed, "the server is shutting down") }
        update(id) {
            $0.state = .running
            $0.startedAt = JobStatus.now()
        }
        // Progress lands in the status as it comes, and for certain when the job ends.
        let latest = LatestProgress()
        let task = Task {
            do {
                let message = try await kind.run(backend, episodes) { done, total in
                    latest.set(done, total)
                    Task {
                        await self.update(id) {
                            $0.done = done; $0.total = total
                        }
                    }
                }
                if let progress = latest.get() {
                    self.update(id) {
                        $0.done = progress.done; $0.total = progress.total
                    }
                }
                self.finish(id, Task.isCancelled ? .cancelled : .succeeded, message)
            } catch is CancellationError {
                if let progress = latest.get() {
                    self.update(id) {
                        $0.done = progress.done; $0.total = progress.total
                    }
                }
                self.finish(id, .cancelled, "cancelled")
            } catch {
                self.finish(id, .failed, String(describing: (error as? ProblemDetails)?.detail ?? "\(error)"))
            }
        }
        current = (id, task)
        await task.value
        current = nil
    }

    private func update(_ id: String, _ change: (inout JobStatus) -> Void) {
        guard var status = jobs[id], !status.isFinished else { return }
        change(&status)
        jobs[id] = status
    }

    private func finish(_ id: String, _ state: JobStatus.State, _ message: String) {
        update(id) {
            $0.state = state
            $0.message = message
            $0.finishedAt = JobStatus.now()
        }
    }

    private func trim() {
        let finished = order.filter { jobs[$0]?.isFinished == true }
        guard finished.count > keepFinished else { return }
        for id in finished.prefix(finished.count - keepFinished) {
            jobs[id] = nil
            order.removeAll { $0 == id }
        }
    }
}

/// The last progress a job reported, readable when it ends (the per-report status updates are asynchronous).
private final class LatestProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (done: Int, total: Int)?

    func set(_ done: Int, _ total: Int) { lock.withLock { value = (done, total) } }
    func get() -> (done: Int, total: Int)? { lock.withLock { value } }
}
