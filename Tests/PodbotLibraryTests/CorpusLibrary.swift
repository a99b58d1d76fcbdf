import Foundation
import PodbotLibrary
import PodbotTestSupport

/// One library holding all five corpus files, imported once (as one batch) and shared by read-only tests.
enum CorpusLibrary {
    struct Imported: Sendable {
        let library: Library
        let reports: [String: ImportReport]
        let scratch: ScratchFolder

        /// The stored episodes imported from corpus file `name`.
        func episodes(_ name: String) throws -> [EpisodeDetail] {
            try reports[name]!.episodeIDs.map(library.episode)
        }
    }

    /// Built once on a thread of its own, and awaited: neither the import nor the tests waiting for it hold a thread
    /// of the cooperative pool, which other suites' servers under test need.
    static let shared = Task<Imported, any Error> { try await onOwnThread(build) }

    private static func build() throws -> Imported {
        let scratch = ScratchFolder.forTheProcess()
        let library = try Library(path: scratch.path("library.sqlite"))
        var reports: [String: ImportReport] = [:]
        for name in Corpus.all {
            reports[name] = try library.importFile(ImportRequest(path: Corpus.path(name)))
        }
        return Imported(library: library, reports: reports, scratch: scratch)
    }

    static func get() async throws -> Imported { try await shared.value }
}
