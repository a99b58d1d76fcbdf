import GRDB

/// A library (SQLite file) problem, described in one line naming the file and what to do.
public struct LibraryError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    static func notWritable(path: String, reason: String) -> LibraryError {
        LibraryError(path: path, reason: "library is not writable: \(reason)")
    }

    init(path: String, _ error: DatabaseError) {
        self.path = path
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = "library is locked by another process; try again when it has finished"
        case .SQLITE_READONLY:
            reason = "library is not writable: the file is read-only"
        case .SQLITE_CANTOPEN:
            reason = "cannot open the library file"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            reason = "not a podbot library (the file is not a valid SQLite database)"
        case .SQLITE_FULL:
            reason = "the disk is full"
        default:
            reason = "database error: \(error.message ?? "\(error.resultCode)")"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
