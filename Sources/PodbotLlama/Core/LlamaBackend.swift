internal import CLlama
import Foundation

/// The one owner of llama.cpp's process-wide state: initialises the backend exactly once, before the first model
/// loads, and routes llama.cpp's log.
///
/// llama.cpp logs every load to stderr; podbot keeps that quiet unless `PODBOT_LLAMA_LOG=1` is set.
enum LlamaBackend {
    private static let initialized: Void = {
        if ProcessInfo.processInfo.environment["PODBOT_LLAMA_LOG"] != "1" {
            llama_log_set({ _, _, _ in }, nil)
        }
        llama_backend_init()
    }()

    /// Initialises llama.cpp if this is the first call; later calls do nothing. Safe from any thread.
    static func ensureInitialized() {
        _ = initialized
    }

    /// llama.cpp's description of the CPU features it was built for (e.g. `AVX2 = 1`).
    static var systemInfo: String {
        ensureInitialized()
        return String(cString: llama_print_system_info())
    }
}
