/// Recognises binary files handed in by mistake (images, archives, audio) by magic number or NUL bytes.
enum BinarySignature {
    private static let signatures: [(bytes: [UInt8], kind: String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ([0x47, 0x49, 0x46, 0x38], "a GIF image"), ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or .docx)"), ([0x1F, 0x8B], "a gzip archive"),
        ([0x49, 0x44, 0x33], "an MP3 file"), ([0x52, 0x49, 0x46, 0x46], "a RIFF (WAV/WebP) file"),
        ([0x4F, 0x67, 0x67, 0x53], "an Ogg file"), ([0x66, 0x4C, 0x61, 0x43], "a FLAC file"),
        ([0x53, 0x51, 0x4C, 0x69, 0x74, 0x65], "an SQLite database"),
    ]

    /// A description of the binary format, or `nil` when the bytes may be text.
    static func match(_ bytes: [UInt8]) -> String? {
        if let hit = signatures.first(where: { bytes.starts(with: $0.bytes) }) { return hit.kind }
        if bytes.count >= 8, bytes[4...7].elementsEqual([0x66, 0x74, 0x79, 0x70]) { return "an MP4/M4A file" }
        if bytes.contains(0) { return "NUL bytes" }
        return nil
    }
}
