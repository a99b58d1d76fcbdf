import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotLibrary
import PodbotTranscript

/// How transcription progress is shown.
enum TranscriptionProgressStyle: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, json, none
}

/// Renders transcription progress on stderr: one line redrawn on a terminal (audio done of total, real-time
/// factor, ETA), else one JSON object per line.
final class TranscriptionProgressRenderer: @unchecked Sendable {
    private let style: TranscriptionProgressStyle
    private let lock = NSLock()
    private var file = ""
    private var lineShown = false

    init(_ style: TranscriptionProgressStyle) {
        self.style = style == .auto ? (isatty(STDERR_FILENO) != 0 ? .bar : .json) : style
    }

    /// Names the file whose progress follows.
    func start(_ path: String) { lock.withLock { file = path } }

    var handler: TranscriptionProgressHandler? {
        guard style != .none else { return nil }
        return { @Sendable [self] progress in self.show(progress) }
    }

    private func show(_ progress: TranscriptionProgress) {
        lock.lock()
        defer { lock.unlock() }
        let done = Double(progress.doneMs) / 1000
        let total = progress.totalMs.map { Double($0) / 1000 }
        let remaining = total.flatMap { total in progress.realTimeFactor.map { max(0, total - done) * $0 } }
        switch style {
        case .bar:
            let percent = total.map { $0 > 0 ? " \(Int(100 * done / $0))%" : "" } ?? ""
            let line =
                "transcribing \(file) \(TimeFormat.clock(done))" + (total.map { " / " + TimeFormat.clock($0) } ?? "")
                + percent + (progress.realTimeFactor.map { String(format: " · %.2f× real time", $0) } ?? "")
                + (remaining.map { " · ETA " + TimeFormat.clock($0) } ?? "")
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            lineShown = true
        case .json:
            let line = ProgressLine(
                file: file, doneSeconds: done, totalSeconds: total, realTimeFactor: progress.realTimeFactor,
                etaSeconds: remaining)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(line) { Terminal.standardError(String(decoding: data, as: UTF8.self)) }
        case .auto, .none:
            break
        }
    }

    /// Ends a redrawn line (before the file's report or error).
    func finishLine() {
        lock.lock()
        defer { lock.unlock() }
        if lineShown { FileHandle.standardError.write(Data("\n".utf8)) }
        lineShown = false
    }

    private struct ProgressLine: Encodable {
        var event = "transcription"
        var file: String
        var doneSeconds: Double
        var totalSeconds: Double?
        var realTimeFactor: Double?
        var etaSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case event, file
            case doneSeconds = "done_seconds"
            case totalSeconds = "total_seconds"
            case realTimeFactor = "real_time_factor"
            case etaSeconds = "eta_seconds"
        }
    }
}
