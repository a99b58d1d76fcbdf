internal import CWhisper
import Foundation

/// The one owner of whisper.cpp's process-wide state: routes its log (and ggml's, which it shares with
/// llama.cpp) once, before the first model loads.
///
/// whisper.cpp logs every load and every window to stderr; podbot keeps that quiet unless
/// `PODBOT_WHISPER_LOG=1` is set.
enum WhisperBackend {
    private static let initialized: Void = {
        if ProcessInfo.processInfo.environment["PODBOT_WHISPER_LOG"] != "1" {
            whisper_log_set({ _, _, _ in }, nil)
        }
    }()

    /// Sets whisper.cpp's log up if this is the first call; later calls do nothing. Safe from any thread.
    static func ensureInitialized() {
        _ = initialized
    }
}
