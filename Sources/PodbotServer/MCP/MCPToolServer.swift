import Foundation
import MCP
import PodbotLibrary
import PodbotRetrieval

/// `podbot mcp`: the library as Model Context Protocol tools over stdio, for AI assistants.
///
/// Tools: `search`, `ask`, `get_episode`, `list_episodes`. Every result is JSON text whose passages carry the
/// episode, speaker, timestamp and a link (the source at that moment where it has one, else the podbot page when
/// `webBase` is given). Standard output carries only protocol messages.
public struct MCPToolServer: Sendable {
    let backend: Backend
    /// Base URL of a running `podbot serve`, for links to transcript anchors; `nil` omits them.
    let webBase: String?

    /// A tool server over `backend`.
    public init(backend: Backend, webBase: String? = nil) {
        self.backend = backend
        self.webBase = webBase.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The tools, with their JSON Schema inputs.
    public static let tools: [Tool] = [
        Tool(
            name: "search",
            description:
                "Search podcast transcripts; returns the best passages with episode, speaker, timestamp and link.",
            inputSchema: schema(
                [
                    "query": ("string", "Words to find"),
                    "limit": (
                        "integer",
                        "How many passages (\(SearchLimits.range.lowerBound)-\(SearchLimits.range.upperBound), "
                            + "default \(SearchLimits.defaultLimit))"
                    ),
                    "episode": ("integer", "Only this episode id"), "show": ("string", "Only this show"),
                    "speaker": ("string", "Only passages where this speaker talks"),
                ], required: ["query"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "ask",
            description: "Answer a question from the podcast library with [n] citations to transcript passages.",
            inputSchema: schema(
                ["question": ("string", "The question"), "episode": ("integer", "Only this episode id")],
                required: ["question"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "get_episode",
            description: "One episode's metadata, summary, chapters and questions; the transcript on request.",
            inputSchema: schema(
                [
                    "id": ("integer", "Episode id (see list_episodes)"),
                    "include_transcript": (
                        "boolean",
                        "Also return transcript segments: a page of up to `limit` (default "
                            + "\(TranscriptPaging.defaultLimit)) from `offset`"
                    ),
                    "offset": ("integer", "The first transcript segment to return (default 0)"),
                    "limit": (
                        "integer",
                        "How many transcript segments (\(TranscriptPaging.limits.lowerBound)-"
                            + "\(TranscriptPaging.limits.upperBound))"
                    ),
                ], required: ["id"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "list_episodes",
            description: "Every episode in the library with show, date and duration.",
            inputSchema: schema(["show": ("string", "Only this show")], required: []),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "list_feeds",
            description:
                "The podcast feeds the library follows, with each item's episode id, or why it has no transcript.",
            inputSchema: schema(["include_items": ("boolean", "Also list each feed's items")], required: []),
            annotations: .init(readOnlyHint: true)),
    ]

    private static func schema(_ properties: [String: (String, String)], required: [String]) -> Value {
        .object([
            "type": .string("object"),
            "properties": .object(
                properties.mapValues { .object(["type": .string($0.0), "description": .string($0.1)]) }),
            "required": .array(required.map { .string($0) }),
        ])
    }

    /// Serves over `transport` (standard input and output by default) until the client closes it.
    public func run(transport: any Transport = StdioTransport()) async throws {
        let server = Server(
            name: "podbot", version: "0.1.0",
            instructions: "Search and ask a local podcast transcript library. Cite episode and timestamp.",
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: Self.tools) }
        await server.withMethodHandler(CallTool.self) { params in
            do {
                let text = try await self.call(params.name, params.arguments ?? [:])
                return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
            } catch {
                let problem = ProblemDetails.from(error)
                return .init(
                    content: [.text(text: problem.detail ?? problem.title, annotations: nil, _meta: nil)], isError: true
                )
            }
        }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }

    /// Runs tool `name`; the JSON text of its result.
    /// - Throws: a ``ProblemDetails`` for bad arguments, library and model errors.
    public func call(_ name: String, _ values: [String: Value]) async throws -> String {
        let arguments = JSONArguments(values)
        switch name {
        case "search":
            let query = try arguments.requiredString("query")
            let filter = PassageFilter(
                episodeID: try arguments.integer("episode", in: JSONArguments.episodeIDs),
                show: try arguments.string("show"), speaker: try arguments.string("speaker"))
            let limit =
                try arguments.integer("limit", in: JSONArguments.searchLimits) ?? Int64(SearchLimits.defaultLimit)
            let hits = try await backend.search(query, filter: filter, limit: Int(limit))
            return try encode(hits.map { Passage($0, webBase: webBase) })
        case "ask":
            let question = try arguments.requiredString("question")
            let episode = try arguments.integer("episode", in: JSONArguments.episodeIDs)
            let result = try await backend.ask(question, filter: PassageFilter(episodeID: episode))
            return try encode(Answer(result, webBase: webBase))
        case "get_episode":
            guard let id = try arguments.integer("id", in: JSONArguments.episodeIDs) else {
                throw ProblemDetails(.badRequest, "`id` is required")
            }
            let transcript = try arguments.boolean("include_transcript") ?? false
            let offset = try arguments.integer("offset", in: JSONArguments.range(TranscriptPaging.offsets)) ?? 0
            let limit =
                try arguments.integer("limit", in: JSONArguments.range(TranscriptPaging.limits))
                ?? Int64(TranscriptPaging.defaultLimit)
            // Without the transcript no segment is read: an episode can hold millions of words.
            let page = transcript ? TranscriptPaging.page(offset: Int(offset), limit: Int(limit)) : 0..<0
            let detail = try await backend.podbot.episode(id, segments: page)
            return try encode(Episode(detail, transcript: transcript, webBase: webBase))
        case "list_episodes":
            return try encode(try await backend.podbot.episodes(show: try arguments.string("show")))
        case "list_feeds":
            guard try arguments.boolean("include_items") == true else {
                return try encode(try await backend.podbot.feeds())
            }
            return try encode(try await backend.podbot.feedsWithItems())
        default:
            throw ProblemDetails(
                .notFound, "no tool \(name); tools: " + Self.tools.map(\.name).joined(separator: ", "))
        }
    }

    private func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
