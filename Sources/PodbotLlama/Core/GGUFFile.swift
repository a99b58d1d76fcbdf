internal import CLlama
import Foundation
import PodbotInference

/// Checks that a file is a complete GGUF before llama.cpp sees it, because llama.cpp may abort the process on some
/// corrupt files instead of returning an error.
enum GGUFFile {
    /// Validates `path`: it exists, is a regular file, starts with the GGUF magic and a known version, its metadata
    /// parses, and every tensor's data lies within the file (a truncated download fails here).
    /// - Returns: the file size in bytes.
    /// - Throws: ``InferenceError`` of kind `.modelFile` naming the file and the problem.
    @discardableResult
    static func validate(path: String) throws -> UInt64 {
        func fail(_ reason: String) -> InferenceError {
            InferenceError(.modelFile, "\(path): \(reason)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // The larger chat model is fetched only on request.
            let fetch =
                URL(fileURLWithPath: path).lastPathComponent == InferenceConfiguration.largerChatFile
                ? "make chat-1.5b" : "scripts/bootstrap.sh"
            throw fail("model file not found (run \(fetch), or check the configured model path)")
        }
        guard !isDirectory.boolValue else { throw fail("is a directory, not a GGUF model file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot open the file for reading") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size >= 24 else { throw fail("too small to be a GGUF model (\(size) bytes)") }
        try? handle.seek(toOffset: 0)
        let header = (try? handle.read(upToCount: 8)) ?? Data()
        guard header.count == 8, header.prefix(4) == Data("GGUF".utf8) else {
            throw fail("not a GGUF model file (bad magic bytes)")
        }
        let version = header.dropFirst(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        guard version == 2 || version == 3 else { throw fail("unsupported GGUF version \(version)") }

        LlamaBackend.ensureInitialized()
        let params = gguf_init_params(no_alloc: true, ctx: nil)
        guard let gguf = gguf_init_from_file(path, params) else {
            throw fail("GGUF metadata is unreadable (truncated or corrupt file)")
        }
        defer { gguf_free(gguf) }
        let dataOffset = UInt64(gguf_get_data_offset(gguf))
        var end = dataOffset
        for i in 0..<gguf_get_n_tensors(gguf) {
            let tensorEnd = dataOffset + UInt64(gguf_get_tensor_offset(gguf, i)) + UInt64(gguf_get_tensor_size(gguf, i))
            end = max(end, tensorEnd)
        }
        guard end <= size else {
            throw fail("truncated: tensor data needs \(end) bytes but the file has \(size)")
        }
        return size
    }
}
