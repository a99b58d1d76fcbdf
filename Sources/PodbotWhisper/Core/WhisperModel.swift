internal import CWhisper
import Foundation
import PodbotErrors

/// A loaded ggml Whisper model with its decoding state.
///
/// Not thread-safe (whisper.cpp's context holds one state): ``WhisperTranscriber`` runs one transcription at a
/// time on it.
final class WhisperModel: @unchecked Sendable {
    let context: OpaquePointer
    /// The file it was loaded from.
    let path: String

    /// Loads `path` on the CPU.
    /// - Throws: `ServiceError` (`.unavailable`) naming the file when it is missing or not a ggml Whisper model.
    init(path: String) throws {
        WhisperBackend.ensureInitialized()
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ServiceError(
                .unavailable,
                "Whisper model \(path) not found: run scripts/bootstrap.sh, or pass --asr-model tiny.en, base or a "
                    + "ggml Whisper file")
        }
        var params = whisper_context_default_params()
        params.use_gpu = false
        params.flash_attn = true
        guard let context = whisper_init_from_file_with_params(path, params) else {
            throw ServiceError(.unavailable, "cannot load \(path): not a ggml Whisper model")
        }
        self.context = context
        self.path = path
    }

    deinit { whisper_free(context) }

    /// False for the English-only models (`tiny.en`).
    var isMultilingual: Bool { whisper_is_multilingual(context) != 0 }
}
