import Foundation
import PodbotTranscript

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a transcript file whole, after checking that it is a readable regular file within the limit.
enum SourceFile {
    static func read(_ path: String, limits: ImportLimits) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path, errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TranscriptError(source: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limits.maxBytes else {
            throw TranscriptError(
                source: path,
                reason: "file is \(megabytes(size)), over the \(megabytes(limits.maxBytes)) import limit "
                    + "(transcripts are far smaller; raise it with --max-size if this is really one)")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, size - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if count == 0 { break }
            filled += count
        }
        return filled == size ? bytes : Array(bytes[..<filled])
    }

    private static func failure(_ path: String, _ code: Int32) -> TranscriptError {
        let reason: String
        switch code {
        case ENOENT: reason = "no such file"
        case EACCES, EPERM: reason = "cannot read the file: permission denied"
        case EISDIR: reason = "is a folder, not a file"
        default: reason = "cannot read the file: " + String(cString: strerror(code))
        }
        return TranscriptError(source: path, reason: reason)
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
