import Foundation
import Testing

@testable import PodbotInference

@Suite("Threads from the cores other processes leave free")
struct ProcessorShareTests {
    /// Two readings 1 s apart on a box of `cores` cores at 100 ticks per second per core.
    func threads(cores: Int, othersBusy: Double, ownBusy: Double) -> Int {
        let start = ProcessorShare.Reading(busy: 5_000, total: 90_000, own: 700, taken: .now)
        let ticks = UInt64(100 * cores)
        let own = UInt64(ownBusy * 100)
        let end = ProcessorShare.Reading(
            busy: start.busy + UInt64((othersBusy + ownBusy) * 100), total: start.total + ticks, own: start.own + own,
            taken: .now)
        return ProcessorShare.threads(from: start, to: end, cores: cores)
    }

    @Test("an idle box gets every core, and this process's own work does not count as load")
    func idle() {
        #expect(threads(cores: 2, othersBusy: 0, ownBusy: 0) == 2)
        #expect(threads(cores: 2, othersBusy: 0.1, ownBusy: 1.9) == 2)
        #expect(threads(cores: 8, othersBusy: 0.3, ownBusy: 8 - 0.3) == 8)
    }

    @Test("a core kept busy by another program is left to it, and at least one thread remains")
    func loaded() {
        #expect(threads(cores: 2, othersBusy: 1, ownBusy: 1) == 1)
        #expect(threads(cores: 2, othersBusy: 2, ownBusy: 0) == 1)
        #expect(threads(cores: 8, othersBusy: 3, ownBusy: 5) == 5)
        #expect(threads(cores: 4, othersBusy: 4, ownBusy: 0) == 1)
    }

    @Test("no time between readings, or a counter that went back, answers every core")
    func degenerate() {
        let reading = ProcessorShare.Reading(busy: 10, total: 100, own: 1, taken: .now)
        #expect(ProcessorShare.threads(from: reading, to: reading, cores: 4) == 4)
    }

    @Test("this machine's /proc readings move forward, and a fresh share answers between 1 and its cores")
    func readsProc() throws {
        #if os(Linux)
            let first = try #require(ProcessorShare.read())
            var spin = 0.0
            for i in 0..<3_000_000 { spin += Double(i % 7) }  // some CPU time of our own between the readings
            let second = try #require(ProcessorShare.read())
            #expect(spin > 0)
            #expect(second.total >= first.total)
            #expect(second.own >= first.own)
            #expect(second.busy <= second.total)
        #endif
        let share = ProcessorShare(cores: 2)
        #expect((1...2).contains(share.threads(wait: true)))
        #expect((1...2).contains(share.threads(wait: false)))
        #expect(ProcessorShare(cores: 1).threads(wait: true) == 1)
    }
}
