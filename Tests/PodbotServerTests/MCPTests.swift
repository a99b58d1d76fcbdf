import Foundation
import MCP
import PodbotServer
import PodbotTestSupport
import SystemPackage
import Testing

/// The MCP tool server, spoken to by the swift-sdk's `Client` over a stdio transport (two pipes), and the built
/// `podbot mcp` binary spoken to in raw JSON-RPC lines.
@Suite struct MCPTests {
    /// Runs the tool server on one end of two pipes and connects a client to the other.
    static func withClient(_ body: (Client) async throws -> Void) async throws {
        let shared = try await ServerFixture.get()
        let toServer = Pipe()
        let toClient = Pipe()
        let serverTransport = StdioTransport(
            input: FileDescriptor(rawValue: toServer.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: toClient.fileHandleForWriting.fileDescriptor))
        let clientTransport = StdioTransport(
            input: FileDescriptor(rawValue: toClient.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: toServer.fileHandleForWriting.fileDescriptor))
        let server = Task {
            try await MCPToolServer(backend: shared.backend, webBase: "http://127.0.0.1:8080").run(
                transport: serverTransport)
        }
        let client = Client(name: "podbot-tests", version: "1.0")
        try await client.connect(transport: clientTransport)
        try await body(client)
        await client.disconnect()
        server.cancel()
    }

    static func text(_ content: [Tool.Content]) -> String {
        content.compactMap { if case .text(let text, _, _) = $0 { return text } else { return nil } }.joined()
    }

    @Test func listsTheTools() async throws {
        try await Self.withClient { client in
            let (tools, _) = try await client.listTools()
            #expect(Set(tools.map(\.name)) == ["search", "ask", "get_episode", "list_episodes", "list_feeds"])
        }
    }

    @Test func searchResultsCarryEpisodeSpeakerTimestampAndLink() async throws {
        let shared = try await ServerFixture.get()
        let expected = try shared.backend.library.searchBM25("quokka", limit: 8)
        try await Self.withClient { client in
            let (content, isError) = try await client.callTool(name: "search", arguments: ["query": "quokka"])
            #expect(isError != true)
            let hits = try #require(
                try JSONSerialization.jsonObject(with: Data(Self.text(content).utf8)) as? [[String: Any]])
            #expect(hits.count == expected.count)
            let first = try #require(hits.first)
            #expect((first["episode_id"] as? Int).map(Int64.init) == shared.hostileID)
            #expect(first["timestamp"] as? String == "0:06" || first["timestamp"] as? String == "0:01")
            #expect((first["speaker"] as? String)?.isEmpty == false)
            let page =
                "http://127.0.0.1:8080/episodes/\(shared.hostileID)?passage=\(expected[0].passageID)#p-\(expected[0].passageID)"
            #expect(first["page"] as? String == page)
            // The episode's URL is `javascript:`… the library's deep link keeps it, podbot's page link is offered too.
            #expect(first["link"] is String)
        }
    }

    @Test func listAndGetEpisodes() async throws {
        let shared = try await ServerFixture.get()
        let detail = try shared.backend.library.episode(shared.lexID)
        try await Self.withClient { client in
            let (list, _) = try await client.callTool(name: "list_episodes")
            let episodes = try #require(
                try JSONSerialization.jsonObject(with: Data(Self.text(list).utf8)) as? [[String: Any]])
            #expect(episodes.count == (try shared.backend.library.episodes()).count)
            let (one, _) = try await client.callTool(
                name: "get_episode", arguments: ["id": .int(Int(shared.lexID)), "include_transcript": true])
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(Self.text(one).utf8)) as? [String: Any])
            #expect((json["episode"] as? [String: Any])?["title"] as? String == detail.episode.title)
            #expect((json["transcript"] as? [Any])?.count == detail.transcript.count)
            let (missing, isError) = try await client.callTool(name: "get_episode", arguments: ["id": 987654])
            #expect(isError == true)
            #expect(Self.text(missing).contains("no episode 987654"))
        }
    }

    @Test func askAnswersWithCitationsOrClosestPassages() async throws {
        try await Self.withClient { client in
            let (content, isError) = try await client.callTool(
                name: "ask", arguments: ["question": "What is the fastai course about?"])
            #expect(isError != true)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(Self.text(content).utf8)) as? [String: Any])
            #expect(json["question"] as? String == "What is the fastai course about?")
            let covered = try #require(json["covered"] as? Bool)
            let shown = try #require((covered ? json["citations"] : json["closest"]) as? [[String: Any]])
            #expect(!shown.isEmpty)
            #expect(shown.allSatisfy { $0["episode_id"] is Int && $0["title"] is String && $0["page"] is String })
        }
    }

    /// The built binary over real stdio, in raw JSON-RPC lines.
    @Test func binarySpeaksJSONRPCOverStdio() async throws {
        let shared = try await ServerFixture.get()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = ["mcp", "--library", shared.libraryPath]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"quokka"}}}"#,
        ]
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        let received = try await output.fileHandleForReading.text(
            until: { $0.components(separatedBy: "\n").contains { $0.contains("\"id\":2") } })
        try input.fileHandleForWriting.close()
        await process.exited()
        let replies = received.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(replies.count >= 2)
        let call = try #require(replies.first { $0["id"] as? Int == 2 })
        let content = try #require((call["result"] as? [String: Any])?["content"] as? [[String: Any]])
        #expect((content.first?["text"] as? String)?.contains("\"episode_id\" : \(shared.hostileID)") == true)
    }
}
