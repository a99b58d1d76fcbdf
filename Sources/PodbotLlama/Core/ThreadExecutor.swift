import Foundation

/// A serial executor with a thread of its own, for actors whose work never suspends (llama.cpp decode loops).
///
/// On the cooperative pool, which has one thread per core, a decode loop that runs for seconds would hold a whole
/// thread: on 2 cores the task consuming its tokens, or cancelling it, could not run until it ended. The thread
/// lives as long as the executor, which an engine keeps for its whole life.
final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}
