import ArgumentParser
import PodbotLibrary

/// `--library PATH`, shared by every command that touches the library.
struct LibraryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The library file.", discussion: "Defaults to $PODBOT_LIBRARY, else $XDG_DATA_HOME/podbot/library.sqlite.",
            valueName: "path"))
    var library: String?

    var path: String { LibraryLocation.resolve(flag: library) }

    /// Opens for writing (import, enrichment).
    func open() throws -> Library { try Library(path: path) }

    /// Opens for reading; a read-only library file still works.
    func openForReading() throws -> Library { try Library(path: path, access: .readWhereverPossible) }
}
