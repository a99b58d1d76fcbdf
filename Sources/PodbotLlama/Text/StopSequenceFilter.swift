/// Holds back generated text that might be the start of a stop sequence, and reports when one appears.
///
/// Text is released as soon as it can no longer be part of a stop sequence, so streaming stays smooth; the stop
/// sequence itself and anything after it are never released.
struct StopSequenceFilter {
    private let stops: [String]
    private var held = ""

    init(stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
    }

    /// Adds `text`; returns what can be emitted now and whether a stop sequence was found.
    mutating func push(_ text: String) -> (emit: String, stopped: Bool) {
        guard !stops.isEmpty else { return (text, false) }
        held += text
        if let range = stops.compactMap({ held.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            let emit = String(held[..<range.lowerBound])
            held = ""
            return (emit, true)
        }
        // Keep the longest suffix of `held` that is a prefix of some stop sequence.
        var keep = 0
        for stop in stops {
            for length in stride(from: min(stop.count - 1, held.count), to: 0, by: -1)
            where held.hasSuffix(stop.prefix(length)) {
                keep = max(keep, length)
                break
            }
        }
        let emit = String(held.dropLast(keep))
        held = String(held.suffix(keep))
        return (emit, false)
    }

    /// Releases held text at the end of a generation that did not stop on a stop sequence.
    mutating func flush() -> String {
        defer { held = "" }
        return held
    }
}
