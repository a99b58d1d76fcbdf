import ArgumentParser
import PodbotCommandLine
import PodbotLibrary
import PodbotRetrieval
import PodbotServer

/// `podbot mcp`: a Model Context Protocol server over stdio.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the library to AI assistants over the Model Context Protocol (stdio).",
        discussion: "Tools: search, ask, get_episode, list_episodes. Standard output carries only protocol messages.")

    @OptionGroup var options: LibraryOptions
    @Option(help: "Base URL of a running `podbot serve`, for links to transcript passages.") var webBase: String?
    @Option(help: "A GGUF chat model (or, with --chat-url, the server's model name).") var chatModel: String?
    @Option(help: "Base URL of an OpenAI-compatible chat server.") var chatURL: String?
    @Option(help: "Most tokens in an answer.") var maxTokens = AskPipeline.Request.defaultMaxTokens

    func validate() throws {
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
    }

    func run() async throws {
        let library = try options.openForReading()
        let backend = Backend(
            library: library, inference: .init(chatModel: chatModel, chatURL: chatURL), maxAnswerTokens: maxTokens)
        try await MCPToolServer(backend: backend, webBase: webBase).run()
    }
}
