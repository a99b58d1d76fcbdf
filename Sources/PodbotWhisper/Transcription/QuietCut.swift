/// Where to end a window: in the quietest stretch near its end, so that no word is cut in two between windows.
enum QuietCut {
    /// 20 ms at 16 kHz: the unit whose energy is measured.
    static let frame = 320
    /// Frames in the stretch compared: 200 ms, longer than the closure of a plosive inside a word, shorter
    /// than most pauses between words.
    static let span = 10

    /// The sample index in the middle of the quietest 200 ms of `samples[range]`.
    static func index(in samples: [Float], searching range: Range<Int>) -> Int {
        var energies: [Float] = []
        var start = range.lowerBound
        while start + frame <= range.upperBound {
            var energy: Float = 0
            for sample in samples[start..<(start + frame)] { energy += sample * sample }
            energies.append(energy)
            start += frame
        }
        guard energies.count > span else { return range.upperBound - frame / 2 }
        var sum = energies[0..<span].reduce(0, +)
        var best = (sum: sum, first: 0)
        for first in 1...(energies.count - span) {
            sum += energies[first + span - 1] - energies[first - 1]
            if sum < best.sum { best = (sum, first) }
        }
        return range.lowerBound + (best.first * frame) + span * frame / 2
    }

    /// True when nothing in `samples` reaches -60 dBFS: digital silence, which Whisper would fill with
    /// invented words.
    static func isSilent(_ samples: ArraySlice<Float>) -> Bool {
        !samples.contains { abs($0) >= 0.001 }
    }
}
