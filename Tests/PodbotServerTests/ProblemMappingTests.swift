import PodbotErrors
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

@testable import PodbotServer

/// A problem's status follows the error's kind, whatever its message says.
@Suite struct ProblemMappingTests {
    @Test func statusFollowsTheKindNotTheWords() {
        let cases: [(any Error, Int)] = [
            (LibraryError(path: "x", reason: "nothing like the old words", kind: .notFound), 404),
            (LibraryError(path: "x", reason: "no episode 3, but internal", kind: .internal), 500),
            (LibraryError(path: "x", reason: "held by a writer", kind: .busy), 503),
            (TranscriptError(source: "a.srt", line: 2, reason: "bad time"), 422),
            (TranscriptError(source: "a.srt", reason: "imported before", kind: .conflict), 409),
            (InferenceError(.invalidInput, "the prompt is longer than the context"), 422),
            (InferenceError(.server, "http://127.0.0.1:9/v1: HTTP 404: no such model", httpStatus: 404), 503),
        ]
        for (error, status) in cases {
            #expect(ProblemDetails.from(error).status == status, "\(error)")
        }
    }

    @Test func internalFailuresHideTheirDetail() {
        let problem = ProblemDetails.from(
            LibraryError(path: "/home/someone/library.sqlite", reason: "database error: disk I/O error"))
        #expect(problem.status == 500)
        #expect(problem.detail == "the library could not be read or written")
        #expect(ProblemDetails.from(LibraryError(path: "x", reason: "busy", kind: .busy)).retryAfter == 2)
    }

    @Test func aMissingEpisodeIsNotFound() async throws {
        let shared = try await ServerFixture.get()
        #expect {
            _ = try shared.backend.library.episode(9_999_999)
        } throws: { error in
            ProblemDetails.from(error).status == 404 && (error as? LibraryError)?.failureKind == .notFound
        }
    }
}
