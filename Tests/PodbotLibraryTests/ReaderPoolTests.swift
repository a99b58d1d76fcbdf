import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

/// A server reads with ``Library/reading(_:)`` while other code on Swift's cooperative pool reads synchronously
/// (a summary job, a test checking what the server stored). The two must not wait for each other.
@Suite("The library's readers")
struct ReaderPoolTests {
    /// Every reader is taken by a `reading` whose body waits on a gate; then every thread of the cooperative pool
    /// waits in a synchronous read for a reader; then the gate opens (from a thread of its own, as every pool thread
    /// is taken). The readers must come back to the pool without a pool thread: they did not when `reading` used
    /// GRDB's `async` read, and this test then hung, as `make test` did on a loaded 2-core box.
    @Test func readingsHandTheirReadersBackWithoutAThreadOfTheCooperativePool() async throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("library.sqlite"))
        let readers = library.reader.configuration.maximumReaderCount
        let width = ProcessInfo.processInfo.activeProcessorCount
        let held = DispatchSemaphore(value: 0)
        let waiting = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)

        let holds = (0..<readers).map { _ in
            Task {
                try await library.reading { snapshot in
                    held.signal()
                    gate.wait()
                    return try snapshot.episodes().count
                }
            }
        }
        try await onOwnThread { for _ in 0..<readers { held.wait() } }
        Thread {
            for _ in 0..<width { waiting.wait() }
            for _ in 0..<readers { gate.signal() }
        }.start()
        let synchronous = (0..<width).map { _ in
            Task.detached {
                waiting.signal()
                return try library.episodes().count
            }
        }
        for task in holds { #expect(try await task.value == 0) }
        for task in synchronous { #expect(try await task.value == 0) }
    }
}
