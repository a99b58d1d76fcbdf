import Foundation

/// An audio file shape podbot recognises: read by the built-in decoder (WAV, MP3, FLAC, Ogg Vorbis) or through
/// `ffmpeg` (M4A/AAC, Opus, WebM).
public enum AudioContainer: String, Sendable, CaseIterable {
    case wav, mp3, flac
    case oggVorbis = "ogg"
    case opus
    case mp4 = "m4a"
    case aac
    case webm

    /// True when whisper.cpp's bundled decoders (miniaudio, stb_vorbis) read it; the others need `ffmpeg`.
    public var isBuiltIn: Bool {
        switch self {
        case .wav, .mp3, .flac, .oggVorbis: true
        case .opus, .mp4, .aac, .webm: false
        }
    }

    /// File extensions that mark audio even when the content does not (a truncated or mislabelled file still
    /// goes to the audio path, which names what is wrong with it).
    static let extensions: [String: AudioContainer] = [
        "wav": .wav, "wave": .wav, "mp3": .mp3, "flac": .flac, "ogg": .oggVorbis, "oga": .oggVorbis,
        "opus": .opus, "m4a": .mp4, "mp4": .mp4, "m4b": .mp4, "aac": .aac, "webm": .webm, "mka": .webm,
    ]

    /// The container the content's first bytes announce, else the one its extension names, else `nil` (a
    /// transcript, or a file that is neither).
    /// - Parameters:
    ///   - header: the file's first bytes (64 are enough).
    ///   - path: the file name, for its extension.
    public static func detect(header: [UInt8], path: String) -> AudioContainer? {
        sniff(header) ?? extensions[URL(fileURLWithPath: path).pathExtension.lowercased()]
    }

    /// ``detect(header:path:)`` on the file's first 64 bytes; `nil` also when it cannot be read (the transcript
    /// path then reports why).
    public static func detect(path: String) -> AudioContainer? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return detect(header: [], path: path) }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 64)).map { [UInt8]($0) } ?? []
        return detect(header: header, path: path)
    }

    /// The container from magic numbers alone.
    static func sniff(_ bytes: [UInt8]) -> AudioContainer? {
        func at(_ offset: Int, _ text: String) -> Bool {
            let expected = Array(text.utf8)
            return bytes.count >= offset + expected.count
                && bytes[offset..<(offset + expected.count)].elementsEqual(expected)
        }
        if at(0, "RIFF") && at(8, "WAVE") { return .wav }
        if at(0, "fLaC") { return .flac }
        if at(0, "ID3") { return .mp3 }
        if at(0, "OggS") {
            let window = bytes.prefix(64)
            if window.firstRange(of: Array("OpusHead".utf8)) != nil { return .opus }
            if window.firstRange(of: Array("vorbis".utf8)) != nil { return .oggVorbis }
            return .opus  // Ogg FLAC, Speex: ffmpeg reads them too
        }
        if at(4, "ftyp") { return .mp4 }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0 {
            // MPEG audio frame sync: layer bits 00 are ADTS AAC, anything else MPEG layer I-III.
            return bytes[1] & 0x06 == 0 ? .aac : .mp3
        }
        return nil
    }

    /// What a non-audio file that claims to be audio really is (`a PNG image`), when its bytes say.
    public static func impostor(header: [UInt8]) -> String? {
        sniff(header) == nil ? BinarySignature.match(header) : nil
    }
}
