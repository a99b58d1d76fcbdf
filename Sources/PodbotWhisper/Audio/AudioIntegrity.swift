import Foundation
import PodbotTranscript

/// Checks an audio file before it is decoded: that it exists and is not empty, that a WAV or MP3 holds as many
/// bytes as its header declares, and that an MP3's last frame is whole. Decoders stop quietly at a cut; a truncated
/// download must not become a transcript that ends mid-sentence.
enum AudioIntegrity {
    /// - Returns: the file's first 64 bytes, for format detection.
    /// - Throws: `TranscriptError` naming the file and what is wrong with it.
    static func check(_ path: String) throws -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw TranscriptError(source: path, reason: "no such file", kind: .notFound)
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw TranscriptError(source: path, reason: "not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw TranscriptError(source: path, reason: "the file is empty") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TranscriptError(source: path, reason: "cannot read the file: permission denied")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 64 << 10)) ?? Data())
        if let problem = wavProblem(head, fileSize: size) ?? mp3Problem(head, handle: handle, fileSize: size)
            ?? mp3FramesProblem(path)
        {
            throw TranscriptError(source: path, reason: problem)
        }
        return Array(head.prefix(64))
    }

    /// A RIFF/WAVE file whose `data` chunk declares more bytes than the file holds.
    static func wavProblem(_ bytes: [UInt8], fileSize: Int) -> String? {
        guard bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WAVE".utf8)
        else { return nil }
        var offset = 12
        var byteRate = 0
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = Int(littleEndian32(bytes, offset + 4))
            if id == "fmt ", offset + 20 <= bytes.count { byteRate = Int(littleEndian32(bytes, offset + 16)) }
            if id == "data" {
                // 0 and 0xFFFFFFFF mean "until the end" (streamed WAV).
                guard size != 0, size != 0xFFFF_FFFF, byteRate > 0 else { return nil }
                let present = fileSize - (offset + 8)
                guard present < size else { return nil }
                return String(
                    format: "truncated: the WAV header declares %.1f s of audio but the file holds %.1f s",
                    Double(size) / Double(byteRate), Double(max(0, present)) / Double(byteRate))
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }

    /// An MP3 whose Xing/Info header (LAME writes one) declares more bytes than the file holds.
    static func mp3Problem(_ head: [UInt8], handle: FileHandle, fileSize: Int) -> String? {
        let tagSize = id3TagSize(head)
        var bytes = head
        if tagSize > 0 {
            guard tagSize < fileSize else { return "truncated: the file ends inside its ID3 tag" }
            try? handle.seek(toOffset: UInt64(tagSize))
            bytes = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0, bytes[1] & 0x06 != 0 else { return nil }
        let mpeg1 = bytes[1] & 0x18 == 0x18
        let mono = bytes[3] & 0xC0 == 0xC0
        let sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17)
        let tag = 4 + sideInfo
        guard bytes.count >= tag + 16 else { return nil }
        let name = String(decoding: bytes[tag..<(tag + 4)], as: UTF8.self)
        guard name == "Xing" || name == "Info" else { return nil }
        let flags = bigEndian32(bytes, tag + 4)
        var field = tag + 8
        if flags & 1 != 0 { field += 4 }
        guard flags & 2 != 0, bytes.count >= field + 4 else { return nil }
        let declared = Int(bigEndian32(bytes, field))
        let present = fileSize - tagSize
        guard present < declared else { return nil }
        return "truncated: the MP3 header declares \(declared) bytes of audio but the file holds \(present)"
    }

    /// An MP3 without a Xing/Info header whose last frame is cut: its header declares more bytes than the file
    /// still holds. Walks the frame headers from the first (after any ID3v2 tag) to the end, stopping quietly at a
    /// trailing tag or anything that is not a frame. A cut exactly between two frames cannot be told from a
    /// shorter file.
    static func mp3FramesProblem(_ path: String) -> String? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { mp3FramesProblem($0.bindMemory(to: UInt8.self)) }
    }

    /// ``mp3FramesProblem(_:)-(String)`` over the file's bytes.
    static func mp3FramesProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var offset = id3TagSize(bytes)
        guard offset + 4 <= bytes.count, frameLength(bytes, at: offset) != nil else { return nil }
        var frames = 0
        while offset + 4 <= bytes.count, let length = frameLength(bytes, at: offset) {
            if offset + length > bytes.count {
                return "truncated: MP3 frame \(frames + 1) at byte \(offset) needs \(length) bytes but the file "
                    + "ends \(bytes.count - offset) bytes after its start"
            }
            frames += 1
            offset += length
        }
        return nil
    }

    /// The length in bytes of the MPEG audio frame whose header starts at `offset`, or `nil` when none does (or
    /// its bitrate is free-format, which has no length in the header).
    static func frameLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let b1 = bytes[offset + 1]
        let b2 = bytes[offset + 2]
        guard bytes[offset] == 0xFF, b1 & 0xE0 == 0xE0 else { return nil }
        let version = (b1 >> 3) & 3  // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
        let layer = (b1 >> 1) & 3  // 1: III, 2: II, 3: I
        let bitrateIndex = Int(b2 >> 4)
        let rateIndex = Int((b2 >> 2) & 3)
        guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let mpeg1 = version == 3
        let kbps: [Int] =
            switch (mpeg1, layer) {
            case (true, 3): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448]
            case (true, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384]
            case (true, _): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            case (false, 3): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256]
            case (false, _): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
            }
        let rate = [44_100, 48_000, 32_000][rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2)
        let bitrate = kbps[bitrateIndex] * 1000
        let padding = Int((b2 >> 1) & 1)
        if layer == 3 { return (12 * bitrate / rate + padding) * 4 }
        let perSample = layer == 1 && !mpeg1 ? 72 : 144
        return perSample * bitrate / rate + padding
    }

    /// The bytes an ID3v2 tag at the start of `bytes` takes (header, body and footer), or 0 without one.
    static func id3TagSize(_ bytes: some RandomAccessCollection<UInt8>) -> Int {
        let b = Array(bytes.prefix(10))
        guard b.count == 10, b.starts(with: "ID3".utf8) else { return 0 }
        let size = 10 + (Int(b[6]) << 21 | Int(b[7]) << 14 | Int(b[8]) << 7 | Int(b[9]))
        return b[5] & 0x10 != 0 ? size + 10 : size
    }

    private static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
