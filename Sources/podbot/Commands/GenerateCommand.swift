import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotInference
import PodbotLlama

/// `podbot generate PROMPT`: streams the chat model's reply to the terminal.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a reply with the chat model, streamed to the terminal.",
        discussion: """
            The model is the configured chat model (see `podbot models`), a GGUF file given with --model, or an \
            OpenAI-compatible server given with --url (then --model names the server's model).
            """)

    @Argument(help: "The prompt (sent as one user message, formatted with the model's chat template).")
    var prompt: String
    @Option(help: "Most tokens to generate.") var maxTokens = 512
    @Option(help: "Sampling temperature; 0 is greedy and deterministic.") var temperature = 0.7
    @Option(help: "Seed of the sampler.") var seed: UInt32 = 42
    @Option(help: "A GGUF model file (or, with --url, the server's model name).") var model: String?
    @Option(help: "Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.") var url: String?
    @Option(help: "Stop before this text (repeatable).") var stop: [String] = []
    @Option(help: "Context size in tokens for a local model.") var contextSize: Int?
    @Option(
        help: "CPU threads for a local model (default: the cores other processes leave free, rechecked as it runs).")
    var threads: Int?
    @Flag(help: "Complete the prompt as raw text, without the chat template.") var raw = false
    @Flag(help: "Print one JSON object (text, stats) at the end instead of streaming.") var json = false

    func run() async throws {
        let configuration = try InferenceConfiguration.resolve(
            overrides: .init(chatModel: model, chatURL: url, contextSize: contextSize, threads: threads))
        let generator = try InferenceBackends.textGenerator(configuration)
        var options = GenerationOptions(maxTokens: maxTokens, temperature: temperature, seed: seed, stop: stop)
        if temperature == 0 { options.repeatPenalty = 1 }
        let stream =
            raw ? generator.complete(prompt, options: options) : generator.chat([.user(prompt)], options: options)

        var text = ""
        var stats: GenerationStats?
        for try await event in stream {
            switch event {
            case .token(let piece):
                text += piece
                if !json { FileHandle.standardOutput.write(Data(piece.utf8)) }
            case .finished(let final):
                stats = final
            }
        }
        if json {
            try Terminal.printJSON(GenerateOutput(model: generator.modelName, text: text, stats: stats))
            return
        }
        print()
        if let stats { Terminal.standardError(Self.summary(stats)) }
    }

    static func summary(_ stats: GenerationStats) -> String {
        String(
            format: "[prompt %d tokens in %.0f ms (%.1f t/s) · generated %d tokens in %.0f ms (%.1f t/s) · %@]",
            stats.promptTokens, stats.promptMilliseconds, stats.promptTokensPerSecond, stats.generatedTokens,
            stats.generationMilliseconds, stats.generationTokensPerSecond, stats.finishReason.rawValue)
    }
}

/// `podbot generate --json` output.
struct GenerateOutput: Encodable {
    var model: String
    var text: String
    var stats: GenerationStats?
}
