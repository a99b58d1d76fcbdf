import Foundation
import Testing

@testable import PodbotWhisper

/// The MP3 frame walk on hand-made frames: a whole file passes, a cut inside a frame is named, a trailing tag or
/// an ID3v2 tag in front changes nothing.
struct AudioIntegrityTests {
    /// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 144 × 128000 / 44100 = 417 bytes a frame.
    static let header: [UInt8] = [0xFF, 0xFB, 0x90, 0x00]
    static let frame = header + Array(repeating: 0x55, count: 417 - 4)

    static func problem(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { AudioIntegrity.mp3FramesProblem($0) }
    }

    @Test func frameLengthsFollowTheHeader() {
        func length(_ header: [UInt8]) -> Int? {
            (header + [0, 0, 0, 0]).withUnsafeBufferPointer { AudioIntegrity.frameLength($0, at: 0) }
        }
        #expect(length(Self.header) == 417)
        #expect(length([0xFF, 0xFB, 0x92, 0x00]) == 418, "padding adds a byte")
        // MPEG-2 Layer III, 128 kbit/s at 22.05 kHz: 72 × 128000 / 22050.
        #expect(length([0xFF, 0xF3, 0xC0, 0x00]) == 417)
        // MPEG-1 Layer II, 160 kbit/s at 48 kHz: 144 × 160000 / 48000.
        #expect(length([0xFF, 0xFD, 0x94, 0x00]) == 480)
        #expect(length([0xFF, 0xFB, 0x00, 0x00]) == nil, "free-format bitrate has no length")
        #expect(length([0x49, 0x44, 0x33, 0x04]) == nil, "not a frame")
    }

    @Test func wholeFilesPassAndACutFrameIsNamed() {
        let frames = Array([[UInt8]](repeating: Self.frame, count: 10).joined())
        #expect(Self.problem(frames) == nil)
        #expect(Self.problem(frames + Array("TAG".utf8) + Array(repeating: 0, count: 125)) == nil)
        let id3 = Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 20] + Array(repeating: 0, count: 20)
        #expect(Self.problem(id3 + frames) == nil)
        for bytes in [frames, id3 + frames] {
            let problem = Self.problem(Array(bytes.dropLast(100)))
            #expect(problem?.hasPrefix("truncated: MP3 frame 10 at byte") == true, "\(problem ?? "nil")")
            #expect(problem?.contains("needs 417 bytes") == true)
        }
        #expect(Self.problem(Array(frames.dropLast(417))) == nil, "a cut between frames looks like a shorter file")
    }
}
