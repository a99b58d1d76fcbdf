import Testing

@testable import PodbotLlama

@Suite("UTF-8 buffering and stop sequences")
struct TextStreamingTests {
    @Test("a character split across tokens is emitted once whole")
    func splitCharacter() {
        var buffer = UTF8Accumulator()
        let bytes = Array("a☕️é".utf8)  // 1 + 3 + 3 + 2 bytes
        var out = ""
        var pieces: [String] = []
        for byte in bytes {
            let piece = buffer.append([byte])
            if !piece.isEmpty { pieces.append(piece) }
            out += piece
        }
        out += buffer.flush()
        #expect(out == "a☕️é")
        #expect(!pieces.contains { $0.contains("\u{FFFD}") })
    }

    @Test("invalid bytes are replaced, not held")
    func invalidBytes() {
        var buffer = UTF8Accumulator()
        #expect(buffer.append([0xFF, 0x41]) == "\u{FFFD}A")
        #expect(buffer.append([0xE2, 0x98]).isEmpty)
        #expect(buffer.flush() == "\u{FFFD}")
    }

    @Test("stop sequence split across pieces")
    func splitStop() {
        var filter = StopSequenceFilter(stops: ["</answer>"])
        var out = ""
        var stopped = false
        for piece in ["The answer", " is 42</", "ans", "wer> and more"] {
            let result = filter.push(piece)
            out += result.emit
            if result.stopped {
                stopped = true
                break
            }
        }
        #expect(stopped)
        #expect(out == "The answer is 42")
    }

    @Test("a partial match that turns out not to be a stop is released")
    func falseAlarm() {
        var filter = StopSequenceFilter(stops: ["\n\nUser:"])
        var out = filter.push("Hello\n").emit
        out += filter.push("\nWorld").emit
        out += filter.flush()
        #expect(out == "Hello\n\nWorld")
    }
}
