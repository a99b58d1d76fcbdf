import Foundation
import GRDB

/// The podbot library: one SQLite file holding shows, episodes, segments, passages and enrichments.
///
/// Every public method that writes is one transaction, so an interrupted import leaves either the whole
/// episode or nothing (GRDB's `AppDatabase` pattern).
public struct Library: Sendable {
    /// The GRDB writer; exposed for other podbot modules (enrichment, retrieval) that add their own tables.
    public let writer: any DatabaseWriter
    /// The file the library lives in, or `nil` for an in-memory library.
    public let path: String?

    /// How a library file is opened.
    public enum Access: Sendable {
        /// Create and migrate as needed; writes allowed.
        case readWrite
        /// Reads only, for a library the user made read-only; never creates or migrates.
        case readOnly
        /// Read-write when the file is writable, else read-only (for commands that only read).
        case readWhereverPossible
    }

    /// Opens the library at `path`: creating and migrating it for `.readWrite`.
    /// - Parameter onLockWait: called each time a statement starts waiting for another process's lock, so a
    ///   command can say why it is not progressing instead of staying silent until `busyTimeout` runs out.
    /// - Throws: `LibraryError` when the file or its folder is not writable, the file is not a library,
    ///   or another process holds a lock past `busyTimeout`.
    public init(
        path: String, access: Access = .readWrite, busyTimeout: TimeInterval = 5,
        onLockWait: (@Sendable () -> Void)? = nil
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = Self.busyMode(timeout: busyTimeout, onWait: onLockWait)
        configuration.foreignKeysEnabled = true
        configuration.label = "podbot.library"
        let writable = try Self.checkWritable(path)
        let readOnly: Bool
        switch access {
        case .readWrite:
            if let reason = writable { throw LibraryError.notWritable(path: path, reason: reason) }
            readOnly = false
        case .readOnly: readOnly = true
        case .readWhereverPossible: readOnly = writable != nil && FileManager.default.fileExists(atPath: path)
        }
        do {
            if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw LibraryError(
                        path: path, reason: "no library here yet; import transcripts first", kind: .notFound)
                }
                configuration.readonly = true
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                guard try queue.read({ try Self.migrator.hasCompletedMigrations($0) }) else {
                    throw LibraryError(
                        path: path, reason: "the library needs an upgrade, which a read-only file cannot take")
                }
                self.writer = queue
            } else {
                if let reason = writable { throw LibraryError.notWritable(path: path, reason: reason) }
                self.writer = try Self.openMigrated(path: path, configuration: configuration)
            }
        } catch let error as DatabaseError {
            throw LibraryError(path: path, error)
        }
        self.path = path
    }

    /// SQLite's busy timeout, or the same wait in 10 ms steps that reports when it begins.
    private static func busyMode(timeout: TimeInterval, onWait: (@Sendable () -> Void)?) -> Database.BusyMode {
        guard let onWait else { return .timeout(timeout) }
        let step = 0.01
        return .callback { tries in
            if tries == 0 { onWait() }
            guard Double(tries) * step < timeout else { return false }
            Thread.sleep(forTimeInterval: step)
            return true
        }
    }

    /// Opens `path` for writing with its schema up to date.
    ///
    /// Other processes may open the same new file at the same moment (`podbot serve` and an import started beside
    /// it). SQLite then lets one of them create the schema; the others fail with "database is locked" or with a
    /// migration the winner has just applied ("table … already exists", or its record in `grdb_migrations`), and
    /// try again. A library whose schema is
    /// current is only read here, so opening it never waits for another process's write.
    private static func openMigrated(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                if try !pool.read(migrator.hasCompletedMigrations) { try migrator.migrate(pool) }
                return pool
            } catch let error as DatabaseError where attempt < 20 && isConcurrentCreation(error) {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            }
        }
    }

    /// The failures of a process that lost the race to create the schema: locked, a table or column the winner
    /// made, or a migration the winner recorded first (seen once in a full test run on a busy box).
    private static func isConcurrentCreation(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY
            || (error.resultCode == .SQLITE_ERROR && error.message?.contains("already exists") == true)
            || (error.resultCode == .SQLITE_ERROR && error.message?.contains("duplicate column name") == true)
            || (error.resultCode == .SQLITE_CONSTRAINT && error.message?.contains("grdb_migrations") == true)
    }

    /// Why `path` cannot be written, or `nil` when it can. Creates the folder when missing.
    ///
    /// A file whose permission bits deny writing counts as read-only even for root, who could write it:
    /// the user asked for it to stay as it is.
    private static func checkWritable(_ path: String) throws -> String? {
        let fileManager = FileManager.default
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw LibraryError(
                    path: path, reason: "is a folder; give a file path for the library", kind: .invalidInput)
            }
            let permissions = (try? fileManager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o644
            if permissions & 0o222 == 0 || !fileManager.isWritableFile(atPath: path) { return "the file is read-only" }
            if !fileManager.isWritableFile(atPath: folder) { return "folder \(folder) is read-only" }
            return nil
        }
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return "cannot create folder \(folder)"
        }
        return fileManager.isWritableFile(atPath: folder) ? nil : "folder \(folder) is read-only"
    }

    /// An in-memory library, for tests and one-off tools.
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try Self.migrator.migrate(queue)
        self.writer = queue
        self.path = nil
    }

    /// The reader side of the database (the pool's readers, or the queue itself).
    public var reader: any DatabaseReader { writer }

    /// Runs `body` in one write transaction, mapping SQLite failures to `LibraryError`.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw LibraryError(path: path ?? ":memory:", error)
        }
    }

    /// Runs `body` in one read transaction without blocking a thread of Swift's cooperative pool: what a search or
    /// an ask reads, from one snapshot.
    ///
    /// `body` runs on a reader's own queue, and the reader goes back to the pool there, as soon as `body` returns.
    /// GRDB's `async` read would hand it back only once the awaiting task resumes, which takes a thread of the
    /// cooperative pool: when every such thread waited in a synchronous read for a reader, and every reader
    /// waited for such a thread, the process hung (seen on a loaded 2-core box: a server's page reads against a
    /// test's synchronous ones).
    /// - Throws: ``LibraryError`` for SQLite failures, `CancellationError` when the task is already cancelled, and
    ///   whatever `body` throws.
    public func reading<T: Sendable>(_ body: @escaping @Sendable (LibrarySnapshot) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let path = self.path ?? ":memory:"
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            writer.asyncRead { database in
                continuation.resume(returning: Result { try body(LibrarySnapshot(try database.get(), path: path)) })
            }
        }
        do {
            return try result.get()
        } catch let error as DatabaseError {
            throw LibraryError(path: path, error)
        }
    }

    /// Runs `body` on one read transaction, on the calling thread: the synchronous twin of ``reading(_:)``.
    func viewing<T: Sendable>(_ body: @Sendable (LibrarySnapshot) throws -> T) throws -> T {
        let path = self.path ?? ":memory:"
        return try read { db in try body(LibrarySnapshot(db, path: path)) }
    }

    /// Runs `body` on a read-only snapshot, mapping SQLite failures to `LibraryError`.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw LibraryError(path: path ?? ":memory:", error)
        }
    }
}
