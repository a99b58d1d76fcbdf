import GRDB
import PodbotErrors

/// A library (SQLite file) problem, described in one line naming the file and what to do.
public struct LibraryError: ClassifiedError, Sendable {
    public var path: String
    public var reason: String
    /// What kind of failure this is; a library that cannot be read or written is ``FailureKind/internal``.
    public var failureKind: FailureKind

    public init(path: String, reason: String, kind: FailureKind = .internal) {
        self.path = path
        self.reason = reason
        self.failureKind = kind
    }

    static func notWritable(path: String, reason: String) -> LibraryError {
        LibraryError(path: path, reason: "library is not writable: \(reason)")
    }

    /// No episode answers to `reference`.
    static func noEpisode(path: String, _ reference: String) -> LibraryError {
        LibraryError(path: path, reason: "no episode \(reference) (see `podbot list`)", kind: .notFound)
    }

    init(path: String, _ error: DatabaseError) {
        self.path = path
        failureKind = .internal
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = "library is locked by another process; try again when it has finished"
            failureKind = .busy
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
