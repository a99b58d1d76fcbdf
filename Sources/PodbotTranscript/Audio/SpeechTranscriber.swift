/// Speech to timed text (whisper.cpp in `PodbotWhisper`), a window of audio at a time so that storage can keep
/// each finished window and a rerun can resume after the last one.
public protocol SpeechTranscriber: Sendable {
    /// Names the model and every setting that changes the words, so stored windows are reused only by the
    /// same transcription (e.g. `ggml-tiny.en.bin sha256:… lang=en`).
    var identity: String { get }

    /// Transcribes the audio file from `startMs` to its end, one window after another.
    /// - Returns: events in order: progress, and each finished window. The stream ends after the last window, or
    ///   throws a classified error (`TranscriptError` naming the file for bad audio, `.unavailable` for a model
    ///   or `ffmpeg` that cannot be had).
    func transcribe(_ path: String, from startMs: Int) -> AsyncThrowingStream<TranscriptionEvent, any Error>
}

/// What a transcription reports as it goes.
public enum TranscriptionEvent: Sendable, Equatable {
    /// Audio transcribed so far, while a window is in progress.
    case progress(TranscriptionProgress)
    /// A finished window: its segments are final.
    case window(TranscribedWindow)
}

/// Progress of a transcription.
public struct TranscriptionProgress: Sendable, Equatable {
    /// Audio done, in milliseconds from the file's start (including audio done by an earlier, resumed run).
    public var doneMs: Int
    /// The audio's length in milliseconds, when the container declares it.
    public var totalMs: Int?
    /// Seconds of work per second of audio in this run (below 1 is faster than real time).
    public var realTimeFactor: Double?

    public init(doneMs: Int, totalMs: Int?, realTimeFactor: Double?) {
        self.doneMs = doneMs
        self.totalMs = totalMs
        self.realTimeFactor = realTimeFactor
    }
}

/// One window of transcribed audio: `[startMs, endMs)` of the file and the speech found in it.
public struct TranscribedWindow: Sendable, Equatable, Codable {
    public var startMs: Int
    public var endMs: Int
    /// Segments in order, with times from the file's start.
    public var segments: [TimedText]
    /// True for the file's last window.
    public var isLast: Bool

    public init(startMs: Int, endMs: Int, segments: [TimedText], isLast: Bool) {
        self.startMs = startMs
        self.endMs = endMs
        self.segments = segments
        self.isLast = isLast
    }
}

/// Text recognised between two times.
public struct TimedText: Sendable, Equatable, Codable {
    public var startMs: Int
    public var endMs: Int
    public var text: String

    public init(startMs: Int, endMs: Int, text: String) {
        self.startMs = startMs
        self.endMs = endMs
        self.text = text
    }
}
