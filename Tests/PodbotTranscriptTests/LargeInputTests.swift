import Foundation
import PodbotTranscript
import Testing

/// A large file parses whole. Speed is measured in BENCHMARKS.md, never asserted here.
@Suite struct LargeInputTests {
    @Test func tenMegabyteWhisperFileParsesEveryCue() throws {
        var text = "\n"
        var ms = 0
        while text.utf8.count < 10_000_000 {
            func stamp(_ ms: Int) -> String {
                String(format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
            }
            text +=
                "[\(stamp(ms)) --> \(stamp(ms + 2500))]   and then you can fine tune it to do the thing you want (laughs)\n"
            ms += 2500
        }
        let bytes = Array(text.utf8)
        let transcript = try #require(
            try TranscriptReader.read(bytes, options: ParseOptions(sourceName: "big.txt")).first)
        #expect(transcript.segments.count == text.split(separator: "\n").count)
        #expect(transcript.metadata.durationSeconds == Double(ms) / 1000)
        #expect(transcript.segments.allSatisfy { $0.nonSpeech == ["(laughs)"] })
    }
}
