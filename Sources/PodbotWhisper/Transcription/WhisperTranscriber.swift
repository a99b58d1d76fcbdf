internal import CWhisper
import Foundation
import PodbotErrors
import PodbotTranscript

/// Speech to timed text in-process with whisper.cpp: one model, one transcription at a time, window by window.
///
/// Each transcription runs on a thread of its own (a window takes seconds of CPU and must not hold a
/// cooperative-pool thread) and reports through an `AsyncThrowingStream`; ending the stream early cancels it
/// between two ggml computations.
public final class WhisperTranscriber: SpeechTranscriber, @unchecked Sendable {
    private let model: WhisperModel
    private let settings: WhisperSettings
    private let language: String
    /// One transcription at a time on the model's state; held by the transcription's own thread.
    private let busy = NSLock()
    public let identity: String

    /// Loads the model.
    /// - Throws: `ServiceError`: `.unavailable` for a missing or unloadable model, `.invalidInput` for a
    ///   language the model does not speak.
    public init(modelPath: String, settings: WhisperSettings = WhisperSettings()) throws {
        let model = try WhisperModel(path: modelPath)
        let language = settings.language?.lowercased() ?? (model.isMultilingual ? "auto" : "en")
        if language != "auto" && whisper_lang_id(language) < 0 {
            throw ServiceError(.invalidInput, "--language: unknown Whisper language \"\(language)\"")
        }
        if !model.isMultilingual && language != "en" {
            throw ServiceError(
                .invalidInput,
                "\(URL(fileURLWithPath: modelPath).lastPathComponent) understands English only; "
                    + "use --asr-model base for --language \(language)")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: modelPath)[.size] as? NSNumber)?.intValue ?? 0
        self.model = model
        self.settings = settings
        self.language = language
        self.identity =
            "whisper.cpp \(URL(fileURLWithPath: modelPath).lastPathComponent) \(bytes) bytes, language \(language), "
            + "greedy, window \(settings.windowSeconds) s"
    }

    public func transcribe(_ path: String, from startMs: Int) -> AsyncThrowingStream<TranscriptionEvent, any Error> {
        AsyncThrowingStream { continuation in
            let run = WhisperRun(emit: { continuation.yield($0) })
            continuation.onTermination = { _ in run.cancel() }
            let thread = Thread { [self] in
                busy.lock()
                defer { busy.unlock() }
                do {
                    try transcribe(path, from: startMs, run: run)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.name = "podbot.whisper"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func transcribe(_ path: String, from startMs: Int, run: WhisperRun) throws {
        let rate = AudioStreams.sampleRate
        let stream = try AudioStreams.open(path)
        let totalMs = stream.lengthFrames.map { $0 * 1000 / rate }
        var position = startMs * rate / 1000
        if position > 0 { try stream.seek(to: position) }
        let windowFrames = settings.windowSeconds * rate
        let started = Date()
        let firstMs = startMs
        var buffer: [Float] = []
        var reportedMs = startMs
        while true {
            var atEnd = false
            while buffer.count < windowFrames {
                let more = try stream.read(min(windowFrames - buffer.count, 1 << 18))
                if more.isEmpty {
                    atEnd = true
                    break
                }
                buffer += more
            }
            if run.isCancelled { throw CancellationError() }
            if buffer.isEmpty {
                // No audio at all, or a resume at the very end.
                let endMs = position * 1000 / rate
                run.emit(.window(TranscribedWindow(startMs: endMs, endMs: endMs, segments: [], isLast: true)))
                return
            }
            let windowStartMs = position * 1000 / rate
            let report: (Double, Int) -> Void = { fraction, endMs in
                // A window's dropped last segment is decoded again: progress never goes back over it.
                reportedMs = max(reportedMs, windowStartMs + Int(Double(endMs - windowStartMs) * fraction))
                let doneMs = reportedMs
                let audio = Double(doneMs - firstMs) / 1000
                let elapsed = Date().timeIntervalSince(started)
                run.emit(
                    .progress(
                        TranscriptionProgress(
                            doneMs: doneMs, totalMs: totalMs, realTimeFactor: audio > 0 ? elapsed / audio : nil)))
            }
            let bufferEndMs = (position + buffer.count) * 1000 / rate
            var segments =
                QuietCut.isSilent(buffer[...])
                ? []
                : try decode(buffer[...], offsetMs: windowStartMs, path: path, run: run) { report($0, bufferEndMs) }
            // A window ends where Whisper's second-to-last segment ends: the last one may stop mid-word at the
            // buffer's end, so it is dropped and its audio opens the next window. Without two segments to choose
            // from, the window ends in the quietest 200 ms of its last 4 seconds.
            var cut = buffer.count
            if !atEnd {
                if segments.count >= 2, let end = segments.dropLast().last?.endMs,
                    case let frames = (end - windowStartMs) * rate / 1000, frames > 0, frames < buffer.count
                {
                    segments.removeLast()
                    cut = frames
                } else {
                    cut = QuietCut.index(
                        in: buffer, searching: max(0, windowFrames - 4 * rate)..<(windowFrames - QuietCut.frame))
                    segments = segments.filter { $0.startMs < windowStartMs + cut * 1000 / rate }
                }
            }
            let windowEndMs = (position + cut) * 1000 / rate
            run.emit(
                .window(
                    TranscribedWindow(startMs: windowStartMs, endMs: windowEndMs, segments: segments, isLast: atEnd)))
            if atEnd { return }
            buffer.removeFirst(cut)
            position += cut
        }
    }

    /// Runs whisper.cpp over one window's samples.
    private func decode(
        _ samples: ArraySlice<Float>, offsetMs: Int, path: String, run: WhisperRun,
        progress: @escaping (Double) -> Void
    ) throws -> [TimedText] {
        var params = whisper_full_default_params(WHISPER_SAMPLING_GREEDY)
        params.n_threads = Int32(settings.resolvedThreads)
        params.print_progress = false
        params.print_realtime = false
        params.print_timestamps = false
        params.print_special = false
        run.onProgress = progress
        let box = Unmanaged.passRetained(run)
        defer { box.release() }
        params.progress_callback = { _, _, percent, data in
            guard let data else { return }
            Unmanaged<WhisperRun>.fromOpaque(data).takeUnretainedValue().onProgress?(Double(percent) / 100)
        }
        params.progress_callback_user_data = box.toOpaque()
        params.abort_callback = { data in
            guard let data else { return false }
            return Unmanaged<WhisperRun>.fromOpaque(data).takeUnretainedValue().isCancelled
        }
        params.abort_callback_user_data = box.toOpaque()
        let status = language.withCString { language in
            params.language = language
            return samples.withUnsafeBufferPointer { buffer in
                whisper_full(model.context, params, buffer.baseAddress, Int32(buffer.count))
            }
        }
        if run.isCancelled { throw CancellationError() }
        guard status == 0 else {
            throw TranscriptError(
                source: path, reason: "whisper.cpp failed at \(offsetMs / 1000) s (status \(status))", kind: .internal)
        }
        return (0..<whisper_full_n_segments(model.context)).compactMap { index in
            let text = String(cString: whisper_full_get_segment_text(model.context, index))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return nil }
            return TimedText(
                startMs: offsetMs + Int(whisper_full_get_segment_t0(model.context, index)) * 10,
                endMs: offsetMs + Int(whisper_full_get_segment_t1(model.context, index)) * 10, text: text)
        }
    }
}

/// One transcription's shared state: how to report, and whether its consumer has gone.
private final class WhisperRun: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    let emit: (TranscriptionEvent) -> Void
    /// Set by the transcription thread only, read by whisper.cpp's callbacks on that thread.
    var onProgress: ((Double) -> Void)?

    init(emit: @escaping (TranscriptionEvent) -> Void) { self.emit = emit }

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() { lock.withLock { cancelled = true } }
}
