import Foundation

/// How many threads llama.cpp and whisper.cpp should use right now when the user set none: the machine's cores less
/// those other processes keep busy.
///
/// Their OpenMP threads wait for each other at every step, so a thread that shares its core with another
/// program stalls them all: on a loaded 2-core box two threads generated at 1.9 tok/s and one at 49 (issue 15,
/// BENCHMARKS.md), while on an idle box two are faster. No fixed count wins both, so the engines ask before each
/// run of decodes. Linux only (it reads `/proc/stat` and `/proc/self/stat`); elsewhere it answers every core.
public final class ProcessorShare: @unchecked Sendable {
    /// One reading of the machine's and this process's CPU time, in clock ticks.
    struct Reading {
        var busy: UInt64
        var total: UInt64
        var own: UInt64
        var taken: ContinuousClock.Instant
    }

    public static let shared = ProcessorShare()

    public let cores: Int
    private let lock = NSLock()
    private var last: Reading?
    private var decided: Int
    /// Readings closer together than this reuse the last answer (too few ticks to tell load from noise).
    private let interval: Duration = .milliseconds(250)
    /// A reading older than this (a server idle between questions) says little about now; the next call reads
    /// afresh. Decodes check more often than this, so a long generation never waits for a reading.
    private let staleAfter: Duration = .seconds(30)

    init(cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.cores = max(1, cores)
        self.decided = self.cores
    }

    /// Threads for the next decodes: every core minus what other processes used since the last reading, at least 1.
    /// Without a reading from the last 30 s, `wait` reads twice 100 ms apart (for a generation, which takes seconds);
    /// otherwise it takes a reading for the next call and answers as last time (an embedding of one question).
    public func threads(wait: Bool) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard cores > 1 else { return 1 }
        let recent = last.flatMap { ContinuousClock.now - $0.taken < staleAfter ? $0 : nil }
        if let recent, ContinuousClock.now - recent.taken < interval { return decided }
        guard let previous = recent ?? Self.read() else { return cores }
        if recent == nil {
            guard wait else {
                last = previous
                return decided
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard let now = Self.read() else { return cores }
        last = now
        decided = Self.threads(from: previous, to: now, cores: cores)
        return decided
    }

    /// Cores left free by other processes between two readings, rounded, between 1 and `cores`.
    static func threads(from previous: Reading, to now: Reading, cores: Int) -> Int {
        guard now.total > previous.total else { return cores }
        let tickPerCore = Double(now.total - previous.total) / Double(cores)
        let busy = Double(now.busy &- previous.busy)
        let own = Double(now.own &- previous.own)
        let others = max(0, busy - own) / tickPerCore
        return min(cores, max(1, cores - Int(others.rounded())))
    }

    /// The `cpu` line of `/proc/stat` (busy and total ticks of all cores) and this process's user and system
    /// ticks from `/proc/self/stat`; `nil` where those files do not exist.
    static func read() -> Reading? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first, line.hasPrefix("cpu "),
            let own = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 5 else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        let total = fields.prefix(8).reduce(0, +)
        let idle = fields[3] + fields[4]
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
        // utime and stime are the 12th and 13th.
        guard let close = own.lastIndex(of: ")") else { return nil }
        let after = own[own.index(after: close)...].split(separator: " ")
        guard after.count > 12, let user = UInt64(after[11]), let system = UInt64(after[12]) else { return nil }
        return Reading(busy: total - idle, total: total, own: user + system, taken: .now)
    }
}
