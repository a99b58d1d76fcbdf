import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotInference
import PodbotLibrary
import PodbotServer
import PodbotTestSupport
import PodbotTranscript

/// A library of the five corpus files plus one hostile transcript, built once and shared by the server tests.
enum ServerFixture {
    /// Text a hostile transcript carries in its title, speaker and words; none of it may run in a browser.
    static let hostileTitle = "<script>document.title='pwned'</script>Hostile <b>episode</b>"
    static let hostileSpeaker = "<img src=x onerror=\"document.body.dataset.pwned='1'\">"
    static let hostileWords = "<script>document.body.dataset.pwned='yes'</script> zyzzyva quokka & friends"

    /// A podcast-namespace JSON transcript whose speaker and words hold markup (JSON keeps text as it is).
    static let hostileTranscript: String = {
        let segments: [[String: Any]] = [
            ["speaker": hostileSpeaker, "startTime": 1, "endTime": 5, "body": hostileWords],
            [
                "speaker": "Ana", "startTime": 6, "endTime": 9,
                "body": "The quokka is a small marsupial <img src=x onerror=alert(1)> from Rottnest island.",
            ],
        ]
        let data = try? JSONSerialization.data(withJSONObject: ["version": "1.0.0", "segments": segments])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }()

    struct Shared: Sendable {
        let scratch: ScratchFolder
        let libraryPath: String
        let backend: Backend
        let hostileID: Int64
        let lexID: Int64
    }

    /// The small real chat model (SmolLM2-135M) and MiniLM, as the other suites use them.
    static let inference = InferenceConfiguration.Overrides(
        chatModel: ModelFiles.path(InferenceConfiguration.testChatFile),
        embeddingModel: ModelFiles.path(InferenceConfiguration.defaultEmbeddingFile), contextSize: 2048,
        threads: engineThreads)

    /// Built once on a thread of its own, and awaited: neither the import nor the tests waiting for it hold a thread
    /// of the cooperative pool, which the servers under test need.
    static let shared = Task<Shared, any Error> { try await onOwnThread(build) }

    private static func build() throws -> Shared {
        let scratch = ScratchFolder.forTheProcess()
        let path = scratch.path("library.sqlite")
        let library = try Library(path: path)
        var lexID: Int64 = 0
        for name in Corpus.all {
            let report = try library.importFile(ImportRequest(path: Corpus.path(name)))
            if name == Corpus.lex { lexID = report.episodeIDs[0] }
        }
        let hostilePath = try scratch.write("hostile.json", hostileTranscript)
        var metadata = EpisodeMetadata()
        metadata.title = hostileTitle
        metadata.show = "<i>Evil</i> Show"
        metadata.url = "javascript:alert(1)"
        let hostile = try library.importFile(ImportRequest(path: hostilePath, metadata: metadata))
        let backend = Backend(library: library, inference: inference, maxAnswerTokens: 48)
        return Shared(
            scratch: scratch, libraryPath: path, backend: backend, hostileID: hostile.episodeIDs[0], lexID: lexID)
    }

    static func get() async throws -> Shared { try await shared.value }

    /// How long a test request may run: an hour, a hang bound only. The server's 30 s default is a wall-clock
    /// deadline that a loaded box has run past (a first hybrid search loads MiniLM and the vectors: 504 after
    /// 94 s of a fresh-clone run beside other work); `RequestTimeoutTests` tests the deadline itself.
    static let requestTimeout: Double = 3600

    /// Server arguments over the shared library.
    static func arguments(token: String? = nil, host: String = "127.0.0.1", maxUpload: Int = 1 << 20) async throws
        -> ServerArguments
    {
        let shared = try await get()
        return ServerArguments(
            host: host, port: 0, libraryPath: shared.libraryPath, token: token, maxUploadBytes: maxUpload,
            requestTimeout: requestTimeout, inference: inference, maxAnswerTokens: 48,
            uploadsFolder: shared.scratch.path("uploads"))
    }

    /// An application over the shared backend.
    static func application(token: String? = nil, maxUpload: Int = 1 << 20) async throws -> some ApplicationProtocol {
        try await buildApplication(arguments(token: token, maxUpload: maxUpload), backend: get().backend)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
    }
}
