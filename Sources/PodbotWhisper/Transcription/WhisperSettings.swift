import Foundation
import PodbotInference

/// How ``WhisperTranscriber`` runs.
public struct WhisperSettings: Sendable, Hashable {
    /// CPU threads; `nil` follows the cores other processes leave free (``ProcessorShare``), as the llama.cpp engine
    /// does (`PODBOT_THREADS` sets both).
    public var threads: Int?
    /// A Whisper language code (`en`, `de`), or `nil`: English for an English-only model, else detected.
    public var language: String?
    /// Audio per window, in seconds: what is stored at once, and so what a killed run loses at most.
    public var windowSeconds: Int

    public init(threads: Int? = nil, language: String? = nil, windowSeconds: Int = 120) {
        self.threads = threads
        self.language = language
        self.windowSeconds = windowSeconds
    }

    /// `threads`, or the cores other processes leave free now: whisper.cpp's OpenMP threads wait for each other as
    /// llama.cpp's do, so one that shares its core with another program stalls the rest. Read once per window.
    public var resolvedThreads: Int { threads ?? ProcessorShare.shared.threads(wait: true) }
}

/// The Whisper models `--asr-model` names, and where the bootstrap leaves them.
public enum WhisperModelName {
    /// The bundled models by name: converted from CTranslate2 by `scripts/bootstrap.sh`.
    public static let bundled: [String: String] = ["tiny.en": "ggml-tiny.en.bin", "base": "ggml-base.bin"]

    /// The default model.
    public static let defaultName = "tiny.en"

    /// The model to use when none is named: `$PODBOT_ASR_MODEL`, else ``defaultName``.
    public static func configured(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["PODBOT_ASR_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultName
    }

    /// The file `name` stands for: a bundled model's place in the models directory, else `name` as a path.
    public static func path(for name: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        guard let file = bundled[name] else { return name }
        return InferenceConfiguration.modelsDirectory(environment: environment) + "/" + file
    }
}
