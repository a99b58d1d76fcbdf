import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotService
import PodbotTestSupport
import Testing

@testable import PodbotServer

#if canImport(Glibc)
    import Glibc
#endif

/// A client that hangs up cancels its ask, so the model goes to the next question instead of answering nobody.
@Suite(.serialized) struct DisconnectTests {
    /// With the model held, each kind of ask queues; closing its connection must take it out of the queue.
    @Test func aClientThatHangsUpLeavesTheQueue() async throws {
        let shared = try await ServerFixture.get()
        let backend = Backend(library: shared.backend.library, inference: ServerFixture.inference)
        try await backend.askGate.enter()
        try await buildApplication(try await ServerFixture.arguments(), backend: backend).test(.live) { client in
            let port = try #require(client.port)
            let requests = [
                "GET /api/v1/ask?q=swift HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/v1/ask?q=swift HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
                "POST /api/v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 21\r\n\r\n{\"question\": \"swift\"}",
                "GET /ask?q=swift&full=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            ]
            for text in requests {
                let connection = try RawConnection(port: port)
                try connection.send(text)
                try await waitUntil("the ask queued: \(text)") { await backend.askGate.waiting == 1 }
                connection.close()
                try await waitUntil("the ask left the queue after its client hung up: \(text)") {
                    await backend.askGate.waiting == 0
                }
            }
        }
        await backend.askGate.leave()
    }
}

/// A plain TCP connection to the test server, to hang up mid-request as a browser tab does.
private final class RawConnection {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
    }

    func close() { Glibc.close(fd) }
}
