import PodbotTranscript

/// Decoded audio: mono float samples at 16 kHz, read a block at a time.
protocol AudioStream: AnyObject {
    /// The stream's length in frames as its container declares it, when it does.
    var lengthFrames: Int? { get }
    /// Up to `frames` more samples; empty at the end.
    /// - Throws: `TranscriptError` naming the file when the audio cannot be decoded.
    func read(_ frames: Int) throws -> [Float]
    /// Moves to frame `frame` (resuming a transcription).
    func seek(to frame: Int) throws
}

/// Opens audio files with the decoder that reads them.
enum AudioStreams {
    /// Whisper's sample rate.
    static let sampleRate = 16_000

    /// Checks the file and opens it: the built-in decoder for WAV, MP3, FLAC and Ogg Vorbis, `ffmpeg` for the rest.
    /// - Throws: `TranscriptError` naming the file (missing, empty, truncated, not audio), or `ServiceError`
    ///   (`.unavailable`) when the file needs `ffmpeg` and it is not installed.
    static func open(_ path: String) throws -> any AudioStream {
        let header = try AudioIntegrity.check(path)
        let container = AudioContainer.detect(header: header, path: path)
        if let container, !container.isBuiltIn {
            return try FFmpegAudioStream(path: path, container: container)
        }
        return try BuiltInAudioStream(path: path, header: header)
    }
}
