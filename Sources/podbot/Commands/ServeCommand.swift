import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotRetrieval
import PodbotServer

/// `podbot serve`: the web app and JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the library as a web app and a JSON API (/api/v1, described at /api/v1/openapi.json).",
        discussion: """
            Binds to 127.0.0.1 by default. On any other address the server refuses to start unless PODBOT_TOKEN \
            is set, and then import and jobs need `Authorization: Bearer $PODBOT_TOKEN`. Models load on the first \
            search or ask that needs them.
            """)

    @OptionGroup var options: LibraryOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Largest upload, in megabytes.") var maxUploadMB = 16
    @Option(help: "Questions that may wait for the model before more get 503.") var askQueue = 4
    @Option(help: "A GGUF chat model (or, with --chat-url, the server's model name).") var chatModel: String?
    @Option(help: "Base URL of an OpenAI-compatible chat server.") var chatURL: String?
    @Option(help: "A GGUF embedding model.") var embeddingModel: String?
    @Option(help: "Most tokens in an answer.") var maxTokens = AskPipeline.Request.defaultMaxTokens
    @Option(help: "Allow cross-origin requests from this origin (CORS is off by default).") var corsOrigin: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        // Bounded so that the shift to bytes cannot wrap round to a tiny or negative limit.
        guard (1...(1 << 20)).contains(maxUploadMB) else {
            throw ValidationError("--max-upload-mb must be 1 to \(1 << 20)")
        }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
        guard askQueue >= 0 else { throw ValidationError("--ask-queue must not be negative") }
    }

    func run() async throws {
        let arguments = ServerArguments(
            host: host, port: port, libraryPath: options.path, maxUploadBytes: maxUploadMB << 20,
            askQueueLimit: askQueue,
            inference: .init(chatModel: chatModel, chatURL: chatURL, embeddingModel: embeddingModel),
            maxAnswerTokens: maxTokens, corsOrigin: corsOrigin)
        let application = try await buildApplication(arguments)
        FileHandle.standardError.write(Data("podbot: serving \(options.path) on http://\(host):\(port)\n".utf8))
        try await application.runService()
    }
}
