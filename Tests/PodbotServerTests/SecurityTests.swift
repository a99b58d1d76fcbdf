import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotServer
import Testing

/// Binding, tokens, upload limits.
@Suite struct SecurityTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
    func loopbackNeedsNoToken(host: String) throws {
        #expect(BindPolicy.isLoopback(host))
        try BindPolicy.check(host: host, token: nil)
    }

    @Test(arguments: ["0.0.0.0", "192.168.1.10", "::", "example.com", "127.0.0.1.evil.com"])
    func offLoopbackRefusesToStartWithoutToken(host: String) async throws {
        #expect(!BindPolicy.isLoopback(host))
        await #expect(throws: ServerError.self) {
            _ = try await buildApplication(try await ServerFixture.arguments(token: nil, host: host))
        }
        try BindPolicy.check(host: host, token: "s3cret")
    }

    @Test func writeEndpointsNeedTheBearerTokenWhenOneIsSet() async throws {
        try await ServerFixture.application(token: "correct-horse").test(.router) { client in
            for headers: HTTPFields in [
                [:], [.authorization: "Bearer wrong-horse"], [.authorization: "Bearer correct-hors"],
                [.authorization: "Basic correct-horse"],
            ] {
                try await client.execute(uri: "/api/v1/jobs", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"podbot\"")
                }
                try await client.execute(uri: "/api/v1/import", method: .post, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            try await client.execute(
                uri: "/api/v1/jobs", method: .get, headers: [.authorization: "Bearer correct-horse"]
            ) { response in
                #expect(response.status == .ok)
            }
            // Reading stays open.
            try await client.execute(uri: "/api/v1/episodes", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func uploadsOverTheLimitAre413() async throws {
        let big = String(repeating: "Ana: words words words.\n", count: 3000)
        let (body, type) = Uploads.multipart(filename: "big.txt", content: big)
        try await ServerFixture.application(maxUpload: 16 * 1024).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}

enum Uploads {
    /// A multipart/form-data body with one `file` part and extra fields.
    static func multipart(filename: String, content: String, fields: [String: String] = [:]) -> (String, String) {
        let boundary = "podbot-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: text/plain\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
