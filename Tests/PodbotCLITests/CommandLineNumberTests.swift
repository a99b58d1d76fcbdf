import Foundation
import PodbotTestSupport
import Testing

/// Numbers and days on the command line that would wrap round or mean nothing are refused by name before anything
/// runs.
@Suite("hostile numbers on the command line (binary)")
struct CommandLineNumberTests {
    @Test(arguments: [
        (["serve", "--max-upload-mb", "17592186044416"], "--max-upload-mb must be 1 to 1048576"),
        (["serve", "--max-upload-mb", "0"], "--max-upload-mb must be 1 to 1048576"),
        (["serve", "--max-tokens=-5"], "--max-tokens must be positive"),
        (["mcp", "--max-tokens", "0"], "--max-tokens must be positive"),
        (["import", "--max-size", "17592186044416", "x.txt"], "--max-size must be 1 to 1048576"),
        (["search", "x", "--limit", "1e300"], "--limit"),
        (["search", "x", "--from", "2023-13-45"], "--from '2023-13-45' is not a day like 2023-04-30"),
        (["search", "x", "--to", "2023-02-29"], "--to '2023-02-29' is not a day like 2023-04-30"),
    ])
    func refusedByName(arguments: [String], message: String) async throws {
        let scratch = ScratchFolder()
        let result = try await CommandRunner(library: scratch.path("library.sqlite")).run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("library.sqlite")))
    }
}
