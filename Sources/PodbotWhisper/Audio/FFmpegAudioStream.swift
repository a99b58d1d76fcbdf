import Foundation
import PodbotErrors
import PodbotTranscript

/// M4A/AAC, Opus and WebM through an `ffmpeg` child process that writes mono 16 kHz float samples to a pipe.
final class FFmpegAudioStream: AudioStream {
    private let process = Process()
    private let output: FileHandle
    private let errors: Pipe
    private let path: String
    private var skip = 0
    let lengthFrames: Int? = nil

    init(path: String, container: AudioContainer) throws {
        guard let ffmpeg = Self.locate() else {
            throw ServiceError(
                .unavailable,
                "\(path): \(container.rawValue) audio needs ffmpeg, which is not installed "
                    + "(apt-get install ffmpeg), or convert it to WAV, MP3, FLAC or Ogg Vorbis")
        }
        self.path = path
        let pipe = Pipe()
        errors = Pipe()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = [
            "-nostdin", "-v", "error", "-i", path, "-vn", "-f", "f32le", "-ac", "1", "-ar",
            "\(AudioStreams.sampleRate)",
            "-",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = errors
        output = pipe.fileHandleForReading
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    func read(_ frames: Int) throws -> [Float] {
        while skip > 0 {
            let dropped = try readRaw(min(skip, 1 << 20))
            if dropped.isEmpty { return [] }
            skip -= dropped.count
        }
        return try readRaw(frames)
    }

    func seek(to frame: Int) throws { skip = frame }

    private func readRaw(_ frames: Int) throws -> [Float] {
        var data = Data()
        let wanted = frames * 4
        while data.count < wanted {
            guard let chunk = try output.read(upToCount: wanted - data.count), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        if data.count < wanted {
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                let message =
                    String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
                throw TranscriptError(source: path, reason: "ffmpeg cannot decode it: \(message)")
            }
        }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self).prefix(data.count / 4)) }
    }

    /// `ffmpeg` on `PATH`.
    private static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/ffmpeg" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
