import Foundation
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

/// Each bad input gets a one-line error naming the file (and line or field where there is one),
/// and nothing already stored is lost.
@Suite("Bad input")
struct BadInputTests {
    /// A library that already holds the Lex Fridman episode, and its counts.
    func libraryWithOneEpisode(_ scratch: ScratchFolder) throws -> (Library, [String: Int]) {
        let library = try Library(path: scratch.path("library.sqlite"))
        _ = try library.importFile(ImportRequest(path: Corpus.path(Corpus.lex)))
        return (library, try library.counts())
    }

    func expectRejected(
        _ path: String, mentioning fragments: [String], format: TranscriptFormat? = nil,
        limits: ImportLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let scratch = ScratchFolder()
        let (library, before) = try libraryWithOneEpisode(scratch)
        do {
            _ = try library.importFile(ImportRequest(path: path, format: format), limits: limits)
            Issue.record("\(path) was imported", sourceLocation: sourceLocation)
        } catch {
            let message = "\(error)"
            #expect(!message.contains("\n"), "not one line: \(message)", sourceLocation: sourceLocation)
            #expect(message.hasPrefix(path), "does not name the file: \(message)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(message.contains(fragment), "\(message) lacks \(fragment)", sourceLocation: sourceLocation)
            }
        }
        #expect(try library.counts() == before, sourceLocation: sourceLocation)
        #expect(try library.integrityCheck() == ["ok"], sourceLocation: sourceLocation)
    }

    @Test func emptyFile() throws {
        let scratch = ScratchFolder()
        try expectRejected(try scratch.write("empty.txt", ""), mentioning: ["empty"])
        try expectRejected(try scratch.write("blank.vtt", "\n   \n\t\n"), mentioning: ["empty"])
    }

    @Test func binaryFile() throws {
        let scratch = ScratchFolder()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        try expectRejected(
            try scratch.write("cover.png", png + Array(repeating: 0, count: 512)), mentioning: ["binary"])
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let scratch = ScratchFolder()
        let bytes = Array("first line is fine\nsecond line too\nthird ".utf8) + [0xC3, 0x28] + Array(" breaks\n".utf8)
        try expectRejected(try scratch.write("latin.txt", bytes), mentioning: [":3", "UTF-8"])
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let scratch = ScratchFolder()
        let path = scratch.path("huge.txt")
        // A sparse 300 MB file: refusing it must not need 300 MB of memory.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        try expectRejected(path, mentioning: ["300.0 MB", "limit"])
    }

    @Test func brokenSubtitleTimestampsNameTheLine() throws {
        let scratch = ScratchFolder()
        let srt = "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:0x,000 --> 00:00:04,000\nBroken.\n"
        try expectRejected(try scratch.write("broken.srt", srt), mentioning: [":6"])
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello.\n\n00:00:03.000 --> 00:00:0z.000\nBroken.\n"
        try expectRejected(try scratch.write("broken.vtt", vtt), mentioning: [":6"])
    }

    @Test func csvWithoutTranscriptColumnNamesTheField() throws {
        let scratch = ScratchFolder()
        let csv = "title,url,length\nEpisode one,https://example.com/1,100\n"
        try expectRejected(try scratch.write("episodes.csv", csv), mentioning: ["transcript"], format: .csv)
    }

    @Test func unreadablePaths() throws {
        let scratch = ScratchFolder()
        try expectRejected(scratch.path("missing.txt"), mentioning: ["no such file"])
        try FileManager.default.createDirectory(atPath: scratch.path("folder"), withIntermediateDirectories: true)
        try expectRejected(scratch.path("folder"), mentioning: ["not a regular file"])
    }

    @Test func readOnlyLibraryIsRefusedAndStillReadable() throws {
        let scratch = ScratchFolder()
        let (library, before) = try libraryWithOneEpisode(scratch)
        _ = library
        let path = scratch.path("library.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        #expect(throws: LibraryError.self) { try Library(path: path) }
        do {
            _ = try Library(path: path)
        } catch {
            #expect("\(error)" == "\(path): library is not writable: the file is read-only")
        }
        let reader = try Library(path: path, access: .readWhereverPossible)
        #expect(try reader.counts() == before)
        #expect(try reader.searchBM25("Commodore").count > 0)
    }

    @Test func lockedLibraryGivesAClearErrorAndLosesNothing() throws {
        let scratch = ScratchFolder()
        let (holder, before) = try libraryWithOneEpisode(scratch)
        let importer = try Library(path: scratch.path("library.sqlite"), busyTimeout: 0.2)
        // Another writer holds the lock for the whole attempt.
        try holder.writer.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect {
                _ = try importer.importFile(ImportRequest(path: Corpus.path(Corpus.asr)))
            } throws: { error in
                "\(error)".contains("locked by another process") && (error as? LibraryError)?.failureKind == .busy
            }
        }
        #expect(try importer.counts() == before)
    }
}
