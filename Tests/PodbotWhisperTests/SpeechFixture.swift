import Foundation
import PodbotTestSupport

/// Real speech made on this machine: espeak-ng speaks a known paragraph to WAV, sox resamples it and lame encodes
/// the MP3 (Debian's espeak-ng, sox and lame; scripts/install-test-deps.sh installs them).
enum SpeechFixture {
    /// What is spoken: plain sentences that espeak-ng's en-us voice says clearly.
    static let text = """
        The history of the transistor begins in a small laboratory in New Jersey. A group of physicists wanted to \
        replace the vacuum tube, which was large, fragile and hot. After two years of careful work, the team built a \
        device that could amplify a signal with a small piece of germanium. Within a decade, radios could fit in a \
        pocket, and computers filled a room instead of a building. Today, every phone contains billions of them, and \
        most people never think about them at all.
        """

    /// The bundled tiny.en model, converted by scripts/bootstrap.sh.
    static let tinyModel = Corpus.repositoryRoot.appendingPathComponent(".deps/models/ggml-tiny.en.bin").path

    /// The files made once per test process: espeak-ng's 22.05 kHz WAV (so the decoder resamples), a 16 kHz
    /// copy, a 128 kbit/s MP3 of it (with and without its Xing/Info header), FLAC and Ogg Vorbis copies (sox), and 5 s of digital silence.
    struct Files: Sendable {
        var wav: String
        var wav16k: String
        var mp3: String
        /// The same MP3 without LAME's Xing/Info header, as some encoders write it.
        var mp3WithoutHeader: String
        var flac: String
        var ogg: String
        var silence: String
        var folder: URL
    }

    static let files: Result<Files, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podbot-speech-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let textFile = folder.appendingPathComponent("paragraph.txt")
        try text.write(to: textFile, atomically: true, encoding: .utf8)
        let files = Files(
            wav: folder.appendingPathComponent("paragraph.wav").path,
            wav16k: folder.appendingPathComponent("paragraph-16k.wav").path,
            mp3: folder.appendingPathComponent("paragraph.mp3").path,
            mp3WithoutHeader: folder.appendingPathComponent("paragraph-notag.mp3").path,
            flac: folder.appendingPathComponent("paragraph.flac").path,
            ogg: folder.appendingPathComponent("paragraph.ogg").path,
            silence: folder.appendingPathComponent("silence.wav").path, folder: folder)
        try run("espeak-ng", ["-v", "en-us", "-s", "140", "-f", textFile.path, "-w", files.wav])
        try run("sox", [files.wav, "-r", "16000", "-c", "1", files.wav16k])
        try run("lame", ["--quiet", "-b", "128", files.wav, files.mp3])
        try run("lame", ["--quiet", "-t", "-b", "128", files.wav, files.mp3WithoutHeader])
        try run("sox", [files.wav16k, files.flac])
        try run("sox", [files.wav16k, files.ogg])
        try run("sox", ["-n", "-r", "16000", "-c", "1", "-b", "16", files.silence, "trim", "0", "5"])
        return files
    }

    /// ``files``, made on a thread of its own: espeak-ng, sox and lame run for seconds, and a test that waited for
    /// them on the cooperative pool would starve the servers other suites run in the same process.
    static func ready() async throws -> Files { try await onOwnThread { try files.get() } }

    /// A scratch copy of `bytes` named `name`.
    static func write(_ bytes: [UInt8], named name: String) throws -> String {
        let folder = try files.get().folder
        let url = folder.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(
                description: "\(tool) failed (status \(process.terminationStatus)): install espeak-ng, sox and lame "
                    + "with scripts/install-test-deps.sh")
        }
    }

    struct FixtureError: Error, CustomStringConvertible { var description: String }
}

/// Word error rate: word-level edit distance over the reference's length, after lower-casing and dropping
/// punctuation (hyphens split words).
func wordErrorRate(reference: String, hypothesis: String) -> Double {
    let ref = normalizedWords(reference)
    let hyp = normalizedWords(hypothesis)
    var previous = Array(0...hyp.count)
    for (i, word) in ref.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: hyp.count)
        for (j, other) in hyp.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == other ? 0 : 1))
        }
        previous = current
    }
    return Double(previous[hyp.count]) / Double(max(1, ref.count))
}

func normalizedWords(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
}
