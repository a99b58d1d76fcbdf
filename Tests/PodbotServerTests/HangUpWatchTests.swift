import Hummingbird
import HummingbirdTesting
import Testing

@testable import PodbotServer

/// Work that ends at once under a ``HangUpWatch`` (a refusal, an empty filter) must leave nothing unfinished: the
/// router client's request stream ends, rather than throws, when the watch's reader is cancelled, which is when
/// Hummingbird's watch alone drops its body stream unfinished and NIO stops the process (as it did in CI). Without
/// the body read first, this test stopped the test process in three runs of three beside two busy loops (it passed
/// on an idle machine, where the reader always finishes first).
@Suite struct HangUpWatchTests {
    @Test func workThatEndsAtOnceLeavesNothingUnfinished() async throws {
        let router = Router()
        router.get("instant") { request, _ -> String in
            try await HangUpWatch(request).run { "done" }
        }
        router.post("instant") { request, _ -> String in
            var request = request
            let body = try await request.collectBody(upTo: 1024)
            return try await HangUpWatch(request).run { String(buffer: body) }
        }
        try await Application(router: router).test(.router) { client in
            for round in 0..<1500 {
                try await client.execute(uri: "/instant", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "done")
                }
                try await client.execute(uri: "/instant", method: .post, body: ByteBuffer(string: "\(round)")) {
                    response in
                    #expect(String(buffer: response.body) == "\(round)")
                }
            }
        }
    }

    @Test func aBodyBeyondTheLimitIsRefused() async throws {
        let router = Router()
        router.get("instant") { request, _ -> String in
            try await HangUpWatch(request).run { "done" }
        }
        try await Application(router: router).test(.router) { client in
            let large = ByteBuffer(repeating: UInt8(ascii: "x"), count: HangUpWatch.maxBody + 1)
            try await client.execute(uri: "/instant", method: .get, body: large) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
