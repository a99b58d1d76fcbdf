internal import CWhisper
import PodbotTranscript

/// WAV, MP3, FLAC and Ogg Vorbis through podbot's decoder over whisper.cpp's bundled miniaudio and stb_vorbis,
/// resampled and mixed down to mono 16 kHz by miniaudio.
final class BuiltInAudioStream: AudioStream {
    private let handle: OpaquePointer
    private let path: String
    let lengthFrames: Int?

    init(path: String, header: [UInt8]) throws {
        var error = [CChar](repeating: 0, count: 256)
        guard let handle = podbot_audio_open(path, UInt32(AudioStreams.sampleRate), &error, error.count) else {
            let reason: String
            if let impostor = AudioContainer.impostor(header: header) {
                reason = "not audio: the file is \(impostor)"
            } else {
                reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            throw TranscriptError(source: path, reason: reason)
        }
        self.handle = handle
        self.path = path
        let length = podbot_audio_length(handle)
        self.lengthFrames = length > 0 ? Int(length) : nil
    }

    deinit { podbot_audio_close(handle) }

    func read(_ frames: Int) throws -> [Float] {
        var samples = [Float](repeating: 0, count: frames)
        var error = [CChar](repeating: 0, count: 256)
        let count = samples.withUnsafeMutableBufferPointer { buffer in
            podbot_audio_read(handle, buffer.baseAddress, UInt64(frames), &error, error.count)
        }
        guard count >= 0 else { throw failure(error) }
        samples.removeLast(frames - Int(count))
        return samples
    }

    func seek(to frame: Int) throws {
        var error = [CChar](repeating: 0, count: 256)
        guard podbot_audio_seek(handle, UInt64(frame), &error, error.count) == 0 else { throw failure(error) }
    }

    private func failure(_ error: [CChar]) -> TranscriptError {
        TranscriptError(
            source: path,
            reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
