import Foundation
import PodbotTestSupport
import PodbotTranscript
import Testing

/// A large file parses whole. Speed is measured in BENCHMARKS.md, never asserted here.
@Suite struct LargeInputTests {
    @Test func tenMegabyteWhisperFileParsesEveryCue() async throws {
        // On a thread of its own: in a debug build on a busy machine this takes half a minute, all of it holding one
        // of the cooperative pool's threads (one per core) that other suites' servers under test need.
        let (transcript, lines, ms) = try await onOwnThread { () throws -> (Transcript?, Int, Int) in
            var text = "\n"
            var ms = 0
            while text.utf8.count < 10_000_000 {
                func stamp(_ ms: Int) -> String {
                    String(
                        format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
                }
                text +=
                    "[\(stamp(ms)) --> \(stamp(ms + 2500))]   and then you can fine tune it to do the thing you want (laughs)\n"
                ms += 2500
            }
            let parsed = try TranscriptReader.read(Array(text.utf8), options: ParseOptions(sourceName: "big.txt"))
            return (parsed.first, text.split(separator: "\n").count, ms)
        }
        let parsed = try #require(transcript)
        #expect(parsed.segments.count == lines)
        #expect(parsed.metadata.durationSeconds == Double(ms) / 1000)
        #expect(parsed.segments.allSatisfy { $0.nonSpeech == ["(laughs)"] })
    }
}
