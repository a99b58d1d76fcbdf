import Foundation
import MCP
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotServer

/// Hostile tool arguments: every value a client can send ends in a result or a one-line error, never a trap.
///
/// The backend searches with BM25 and points at model files that do not exist, so no model is loaded: an ask that
/// gets past its arguments ends in a "model not available" error, which is an answer too.
@Suite struct MCPArgumentTests {
    static func server() async throws -> MCPToolServer {
        let shared = try await ServerFixture.get()
        let missing = shared.scratch.path("no-such-model.gguf")
        let backend = Backend(
            library: try Library(path: shared.libraryPath, access: .readWhereverPossible),
            inference: .init(chatModel: missing, embeddingModel: missing), searchMode: .bm25)
        return MCPToolServer(backend: backend)
    }

    /// The error text of a call that must fail.
    static func failure(_ server: MCPToolServer, _ tool: String, _ arguments: [String: Value]) async -> String? {
        do {
            _ = try await server.call(tool, arguments)
            return nil
        } catch {
            return ProblemDetails.from(error).detail
        }
    }

    @Test(
        arguments: [
            (
                "search", ["query": .string("swift"), "limit": .double(1e300)],
                "`limit` must be a whole number from 1 to 100"
            ),
            (
                "search", ["query": .string("swift"), "episode": .double(-1e19)],
                "`episode` must be a whole number from 1"
            ),
            (
                "search", ["query": .string("swift"), "episode": .string("abc")],
                "`episode` must be a whole number from 1"
            ),
            ("search", ["query": .string("swift"), "limit": .int(0)], "`limit` must be a whole number from 1 to 100"),
            (
                "search", ["query": .string("swift"), "limit": .double(2.5)],
                "`limit` must be a whole number from 1 to 100"
            ),
            ("search", ["query": .int(7)], "`query` must be a string"),
            ("get_episode", ["id": .double(1e300)], "`id` must be a whole number from 1"),
            ("get_episode", ["id": .int(Int.min)], "`id` must be a whole number from 1"),
            (
                "get_episode", ["id": .int(1), "include_transcript": .string("yes")],
                "`include_transcript` must be true or false"
            ),
            (
                "ask", ["question": .string("why?"), "episode": .double(.infinity)],
                "`episode` must be a whole number from 1"
            ),
            ("list_episodes", ["show": .array([])], "`show` must be a string"),
        ] as [(String, [String: Value], String)])
    func outOfRangeAndMistypedArgumentsAreNamedErrors(tool: String, arguments: [String: Value], message: String)
        async throws
    {
        let server = try await Self.server()
        #expect(await Self.failure(server, tool, arguments) == message)
    }

    @Test func wholeNumbersInAnyJSONShapeAreAccepted() async throws {
        let shared = try await ServerFixture.get()
        let server = try await Self.server()
        for id: Value in [.int(Int(shared.lexID)), .double(Double(shared.lexID)), .string(" \(shared.lexID) ")] {
            let text = try await server.call("get_episode", ["id": id])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect((json["episode"] as? [String: Any])?["id"] as? Int == Int(shared.lexID))
        }
        let text = try await server.call(
            "search", ["query": .string("quokka"), "limit": .double(1), "episode": .int(Int(shared.hostileID))])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(hits.first?["episode_id"] as? Int == Int(shared.hostileID))
    }

    /// Values chosen to break number conversion, string handling and type checks.
    static let hostile: [Value] = [
        .null, .bool(true), .bool(false), .int(0), .int(-1), .int(1), .int(51), .int(Int.max), .int(Int.min),
        .double(1e300), .double(-1e300), .double(-1e19), .double(1e19), .double(9.223372036854775807e18),
        .double(-9.223372036854775808e18), .double(0.5), .double(-0.0), .double(.infinity), .double(-.infinity),
        .double(.nan), .double(.ulpOfOne), .double(.greatestFiniteMagnitude), .double(.leastNonzeroMagnitude),
        .string(""), .string(" "), .string("abc"), .string("1e300"), .string("-1"), .string("99999999999999999999"),
        .string("0x10"), .string("\u{0}"), .string("\"; DROP TABLE episodes; --"), .string("NEAR(a b"),
        .string("*"), .string(String(repeating: "quokka ", count: 2000)), .string("🦘"), .array([]),
        .array([.int(1)]), .object([:]), .object(["id": .int(1)]), .data(mimeType: "text/plain", Data("x".utf8)),
    ]

    /// A deterministic stream of random JSON values: integers and doubles over all magnitudes, and strings.
    struct RandomValues: IteratorProtocol {
        var bits: SplitMix

        mutating func next() -> Value? {
            let kind = bits.next()
            switch kind % 4 {
            case 0: return .int(Int(truncatingIfNeeded: bits.next()))
            case 1: return .double(Double(bitPattern: bits.next()))
            case 2: return .double(Double(Int64(truncatingIfNeeded: bits.next()) % 200))
            default:
                let scalars = (0..<(kind >> 8) % 12).compactMap { _ in Unicode.Scalar(UInt32(bits.next() % 0x800)) }
                return .string(String(String.UnicodeScalarView(scalars)))
            }
        }
    }

    /// Each tool's arguments, with a valid value for those a call needs.
    static let tools: [(name: String, arguments: [String], valid: [String: Value])] = [
        ("search", ["query", "limit", "episode", "show", "speaker"], ["query": .string("quokka")]),
        ("ask", ["question", "episode"], ["question": .string("What is a quokka?")]),
        ("get_episode", ["id", "include_transcript", "offset", "limit"], ["id": .int(1)]),
        ("list_episodes", ["show"], [:]),
        ("list_feeds", ["include_items"], [:]),
    ]

    @Test func hostileArgumentValuesGiveResultsOrErrors() async throws {
        let server = try await Self.server()
        #expect(Set(Self.tools.map(\.name)) == Set(MCPToolServer.tools.map(\.name)))
        var random = RandomValues(bits: SplitMix(seed: 15))
        var calls = 0
        for tool in Self.tools {
            let declared = MCPToolServer.tools.first { $0.name == tool.name }
            let properties = declared?.inputSchema.objectValue?["properties"]?.objectValue ?? [:]
            #expect(Set(properties.keys) == Set(tool.arguments), "\(tool.name)")
            // Asks reach the (missing) model only with valid arguments, so fewer random ones suffice there.
            let randomCount = tool.name == "ask" ? 20 : 150
            for argument in tool.arguments {
                for value in Self.hostile + (0..<randomCount).compactMap({ _ in random.next() }) {
                    var arguments = tool.valid
                    arguments[argument] = value
                    calls += 1
                    do {
                        let text = try await server.call(tool.name, arguments)
                        #expect(
                            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil,
                            "\(tool.name) \(argument)=\(value): not JSON")
                    } catch {
                        // As `run` reports it to the client.
                        let problem = ProblemDetails.from(error)
                        #expect(
                            [400, 404, 422, 503].contains(problem.status),
                            "\(tool.name) \(argument)=\(value): \(problem)")
                        let detail = problem.detail ?? ""
                        #expect(!detail.contains("\n"), "\(tool.name) \(argument)=\(value): \(detail)")
                        if problem.status == 400 {
                            #expect(detail.contains("`\(argument)`"), "\(tool.name) \(argument)=\(value): \(detail)")
                        }
                    }
                }
            }
        }
        #expect(calls > 1000)
    }
}
