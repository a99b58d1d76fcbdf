import ArgumentParser
import Foundation
import PodbotInference
import PodbotLlama

/// `podbot bench engine`: podbot's in-process llama.cpp against llama.cpp's own tools, in one run (issue 3).
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure the engine against llama-bench (pp512/tg128) and llama-server's /v1/embeddings.",
        discussion: """
            Generation: rounds that alternate `llama-bench -p 512 -n 128 -r 1 -fa auto` on the chat model and \
            podbot's LlamaEngine on the same model, threads and batch (512 corpus tokens of prompt, 128 greedy \
            tokens with end-of-generation ignored). Embeddings: the same corpus passages (120 words, 90-word stride over the corpus \
            files) through LlamaEmbedder (F32 and F16 MiniLM, two batch shapes) and through llama-server's \
            /v1/embeddings (default and large batches). Prints a Markdown report; peak RSS is this process's.
            """)

    @Option(help: "Folder of the reference corpus (default $PODBOT_CORPUS).") var corpus: String?
    @Option(help: "CPU threads for every side.") var threads = 2
    @Option(help: "Alternating llama-bench / podbot generation rounds.") var rounds = 5
    @Option(help: "Passages to embed.") var passages = 1000
    @Option(help: "Folder holding llama-bench and llama-server (default: the bootstrap's build).")
    var llamaBin: String?
    @Option(help: "Chat GGUF (default: the bundled Qwen2.5-Coder-0.5B).") var chatModel: String?
    @Flag(help: "Skip the embedding comparison.") var skipEmbeddings = false

    func run() async throws {
        let models = InferenceConfiguration.modelsDirectory()
        let chat = chatModel ?? models + "/" + InferenceConfiguration.defaultChatFile
        let bin = try llamaBin ?? Self.bootstrapBin()
        print(
            "## Engine benchmark — \(Self.date()), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(threads) threads"
        )
        print("load average before: \(Self.loadAverage())\n")
        try await generation(model: chat, bin: bin)
        guard !skipEmbeddings else { return }
        let texts = try Self.passages(corpus: corpus, count: passages)
        try await embeddings(texts, models: models, bin: bin)
        print("\nload average after: \(Self.loadAverage())")
    }

    // MARK: Generation

    /// Rounds alternate one llama-bench run and one podbot run, so that drift in the machine's speed (other
    /// tenants, clocks) hits both sides alike; the report gives medians and the per-round ratios.
    private func generation(model: String, bin: String) async throws {
        let engine = try LlamaEngine(
            modelPath: model, settings: EngineSettings(contextSize: 1024, threads: threads, batchSize: 512))
        let text = try Self.corpusFiles(corpus).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
        let prompt = Array(engine.model.tokenize(text, addSpecial: true).prefix(512))
        _ = try await engine.run(tokens: Array(prompt.prefix(16)), options: .greedy(maxTokens: 4))  // warm-up
        var reference: [(pp: Double, tg: Double)] = []
        var ours: [(pp: Double, tg: Double)] = []
        for _ in 0..<rounds {
            let output = try Self.capture(
                bin + "/llama-bench",
                ["-m", model, "-t", String(threads), "-p", "512", "-n", "128", "-r", "1", "-fa", "auto", "-o", "json"])
            let rows = try JSONDecoder().decode([BenchRow].self, from: Data(output.utf8))
            guard let pp = rows.first(where: { $0.promptTokens == 512 }),
                let tg = rows.first(where: { $0.generatedTokens == 128 })
            else { throw ValidationError("llama-bench printed no pp512/tg128 rows") }
            reference.append((pp.averageTokensPerSecond, tg.averageTokensPerSecond))
            var options = GenerationOptions.greedy(maxTokens: 128)
            options.ignoreEndOfGeneration = true
            let stats = try await engine.run(tokens: prompt, options: options)
            ours.append((stats.promptTokensPerSecond, stats.generationTokensPerSecond))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func row(_ name: String, _ theirs: [Double], _ mine: [Double]) {
            let ratios = zip(mine, theirs).map { $0 / $1 }
            print(
                "| \(name), t/s | \(f(median(theirs))) (\(theirs.map { f($0) }.joined(separator: ", "))) | "
                    + "\(f(median(mine))) (\(mine.map { f($0) }.joined(separator: ", "))) | "
                    + "\(f(median(mine) / median(theirs), 2))× (per round \(ratios.map { f($0, 2) }.joined(separator: ", "))) |"
            )
        }
        print("| measure | llama-bench, median (rounds) | podbot, median (rounds) | podbot / llama-bench |")
        print("|---|---|---|---|")
        row("pp512", reference.map(\.pp), ours.map(\.pp))
        row("tg128", reference.map(\.tg), ours.map(\.tg))
        print("\npeak RSS after generation (chat model, 1,024-token context): \(f(Self.peakRSSMegabytes(), 0)) MB\n")
    }

    private struct BenchRow: Decodable {
        var promptTokens: Int
        var generatedTokens: Int
        var averageTokensPerSecond: Double
        var deviation: Double

        enum CodingKeys: String, CodingKey {
            case promptTokens = "n_prompt"
            case generatedTokens = "n_gen"
            case averageTokensPerSecond = "avg_ts"
            case deviation = "stddev_ts"
        }
    }

    // MARK: Embeddings

    private func embeddings(_ texts: [String], models: String, bin: String) async throws {
        let f32 = models + "/" + InferenceConfiguration.defaultEmbeddingFile
        let f16 = models + "/all-MiniLM-L6-v2-f16.gguf"
        print("\(texts.count) passages of 120 words:\n")
        print("| embedder | passages/s | wall s |")
        print("|---|---|---|")
        var variants = [(f32, "F32")]
        if FileManager.default.fileExists(atPath: f16) { variants.append((f16, "F16")) }
        for (file, label) in variants {
            for (batch, sequences) in [(512, 8), (2048, 32)] {
                let embedder = try LlamaEmbedder(
                    modelPath: file,
                    settings: .init(threads: threads, batchTokens: batch, maxSequencesPerBatch: sequences))
                _ = try await embedder.embed(Array(texts.prefix(8)))
                let start = ContinuousClock.now
                let vectors = try await embedder.embed(texts)
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                guard vectors.count == texts.count else { throw ValidationError("embedder returned too few vectors") }
                print(
                    "| podbot in-process, \(label), batch \(batch) tokens / \(sequences) sequences | "
                        + "\(f(Double(texts.count) / seconds)) | \(f(seconds)) |")
            }
        }
        for (label, arguments, perRequest) in [
            ("llama-server F32, defaults (-ub 512), 1 passage/request", [String](), 1),
            ("llama-server F32, -b 2048 -ub 2048, 32 passages/request", ["-b", "2048", "-ub", "2048"], 32),
        ] {
            let seconds = try await serverEmbeddings(
                texts, model: f32, bin: bin, arguments: arguments, perRequest: perRequest)
            print(
                "| \(label) | \(f(Double(texts.count) / seconds.wall)) | \(f(seconds.wall)) (server peak RSS \(seconds.rss)) |"
            )
        }
        print("\npeak RSS of podbot after embeddings: \(f(Self.peakRSSMegabytes(), 0)) MB")
    }

    private func serverEmbeddings(
        _ texts: [String], model: String, bin: String, arguments: [String], perRequest: Int
    ) async throws -> (wall: Double, rss: String) {
        let server = Process()
        let port = 18000 + Int.random(in: 0..<2000)
        server.executableURL = URL(fileURLWithPath: bin + "/llama-server")
        server.arguments =
            [
                "-m", model, "--embeddings", "--pooling", "mean", "--host", "127.0.0.1", "--port", String(port),
                "-t", String(threads), "-c", "4096", "-np", "1",
            ] + arguments
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: llama-server may not stop on SIGTERM while a slot is busy, and the benchmark keeps nothing.
        defer { kill(server.processIdentifier, SIGKILL) }
        let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:\(port)/v1", model: "minilm"))
        var ready = false
        for _ in 0..<150 where !ready {
            ready = (try? await client.embed(["warm-up"])) != nil
            if !ready { try await Task.sleep(for: .milliseconds(200)) }
        }
        guard ready else { throw ValidationError("llama-server did not start on port \(port)") }
        let start = ContinuousClock.now
        var index = 0
        while index < texts.count {
            _ = try await client.embed(Array(texts[index..<min(texts.count, index + perRequest)]))
            index += perRequest
        }
        let wall = (ContinuousClock.now - start) / .seconds(1)
        let status = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ") }
        return (wall, rss ?? "?")
    }

    // MARK: Inputs and environment

    /// The bootstrap's llama.cpp tools: `<cache>/llama/0c1e570-*/bin`.
    static func bootstrapBin() throws -> String {
        let root = InferenceConfiguration.cacheDirectory() + "/llama"
        let builds = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard
            let build = builds.sorted().first(where: {
                FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/llama-bench")
            })
        else {
            throw ValidationError("no llama-bench under \(root)/*/bin; run scripts/bootstrap.sh or pass --llama-bin")
        }
        return "\(root)/\(build)/bin"
    }

    static func corpusFiles(_ corpus: String?) throws -> [String] {
        guard let folder = corpus ?? ProcessInfo.processInfo.environment["PODBOT_CORPUS"] else {
            throw ValidationError("--corpus: name the corpus folder (or set PODBOT_CORPUS)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }
        guard !files.isEmpty else { throw ValidationError("--corpus: no .txt files in \(folder)") }
        return files.sorted().map { folder + "/" + $0 }
    }

    /// `count` passages of 120 words, cut from the corpus files with a 90-word stride.
    static func passages(corpus: String?, count: Int) throws -> [String] {
        var result: [String] = []
        for file in try corpusFiles(corpus) where result.count < count {
            let words = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isWhitespace)
            var start = 0
            while start + 120 <= words.count, result.count < count {
                result.append(words[start..<start + 120].joined(separator: " "))
                start += 90
            }
        }
        return result
    }

    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(executable) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
            .joined(separator: " ")
    }

    static func date() -> String { ISO8601DateFormatter().string(from: Date()) }
}

private func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
