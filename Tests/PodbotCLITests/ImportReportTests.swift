import Foundation
import PodbotTestSupport
import Testing

/// `podbot import` tells the whole story: failed files in the JSON report, and a locked library said at once.
@Suite("podbot import reports (binary)")
struct ImportReportTests {
    let scratch = ScratchFolder()
    var podbot: CommandRunner { CommandRunner(library: scratch.path("library.sqlite")) }

    static let brokenFirstCue = "1\n99:99:99,999 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"

    @Test func jsonReportListsFailedFilesWithTheirError() async throws {
        let good = try scratch.write("good.txt", "Ana: a quokka smiles.\nBen: it does, every morning.\n")
        let broken = try scratch.write("first.srt", Self.brokenFirstCue)
        let missing = scratch.path("missing.txt")
        let result = try await podbot.run(["import", good, broken, missing, "--json"])
        #expect(result.status == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
        try #require(report.count == 3, "\(report)")
        #expect(report.map { $0["path"] as? String } == [good, broken, missing])
        #expect(report.map { $0["status"] as? String } == ["imported", "failed", "failed"])
        #expect((report[0]["episode_ids"] as? [Int])?.count == 1)
        #expect(report[0]["error"] == nil)
        let error = try #require(report[1]["error"] as? String)
        #expect(error.hasPrefix("\(broken):2: timestamp: \"99:99:99,999 --> 00:00:02,000\""), "\(error)")
        #expect((report[2]["error"] as? String)?.contains(missing) == true)
        #expect(report.compactMap { $0["error"] as? String }.allSatisfy { !$0.contains("\n") })
        #expect(report[1]["episode_ids"] as? [Int] == [])
        // Nothing of the broken file was stored as plain text.
        let list = try #require(try await podbot.json(["list", "--json"]) as? [[String: Any]])
        #expect(list.count == 1)
    }

    @Test func brokenFirstCueFailsTheImport() async throws {
        let broken = try scratch.write("first.srt", Self.brokenFirstCue)
        let result = try await podbot.run(["import", broken])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("podbot: \(broken):2: timestamp: \"99:99:99,999 --> 00:00:02,000\" is not a valid"))
    }

    /// Another process holds the write lock: the import says so on stderr while it waits, then either goes on once
    /// the lock is released or fails naming the lock, as before.
    @Test func lockedLibraryIsSaidWhileWaiting() async throws {
        let first = try scratch.write("first.txt", "Ana: a quokka smiles.\nBen: it does.\n")
        #expect(try await podbot.run(["import", first]).status == 0)

        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.read()
            connection.execute("ROLLBACK")
            """
        locker.arguments = ["python3", "-c", script, scratch.path("library.sqlite")]
        let lockerInput = Pipe()
        let lockerOutput = Pipe()
        locker.standardInput = lockerInput
        locker.standardOutput = lockerOutput
        try locker.run()
        let locked = try await lockerOutput.fileHandleForReading.text(until: { $0.contains("locked") })
        #expect(locked.contains("locked"))

        let second = try scratch.write("second.txt", "Cat: another episode.\nDan: with other words.\n")
        let errors = Pipe()
        let importer = try podbot.start(["import", second], stderr: errors)
        let notice = try await errors.fileHandleForReading.text(until: { $0.contains("\n") })
        try lockerInput.fileHandleForWriting.close()
        await locker.exited()
        let rest = try await errors.fileHandleForReading.text(until: { _ in false })
        await importer.exited()

        #expect(notice.hasPrefix("podbot: \(scratch.path("library.sqlite")) is locked by another process; waiting"))
        #expect(notice.split(separator: "\n").count == 1)
        if importer.terminationStatus == 0 {
            #expect(rest.contains("imported \(second)"))
        } else {
            // The lock outlived the wait (a very busy machine): the old error, one line, naming the lock.
            #expect(rest.contains("locked by another process; try again"))
        }
    }
}
