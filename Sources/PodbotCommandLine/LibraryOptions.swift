import ArgumentParser
import Foundation
import PodbotLibrary
import Synchronization

/// `--library PATH`, shared by every command that touches the library.
public struct LibraryOptions: ParsableArguments {
    public init() {}

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The library file.", discussion: "Defaults to $PODBOT_LIBRARY, else $XDG_DATA_HOME/podbot/library.sqlite.",
            valueName: "path"))
    public var library: String?

    public var path: String { LibraryLocation.resolve(flag: library) }

    /// Opens for writing (import, enrichment).
    public func open() throws -> Library { try Library(path: path, onLockWait: lockNotice) }

    /// Opens for reading; a read-only library file still works.
    public func openForReading() throws -> Library {
        try Library(path: path, access: .readWhereverPossible, onLockWait: lockNotice)
    }

    /// Says once per run, on stderr, that another process holds the library, so a wait is not taken for a hang.
    private var lockNotice: @Sendable () -> Void {
        let path = self.path
        return {
            guard !LockNotice.given.exchange(true, ordering: .relaxed) else { return }
            Terminal.standardError(
                "podbot: \(path) is locked by another process; waiting for it (up to 5 s at a time)…")
        }
    }
}

private enum LockNotice {
    static let given = Atomic<Bool>(false)
}
