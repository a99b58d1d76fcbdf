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
            Generation: rounds that alternate llama-bench (`-p 512 -n 128`, then `-n 128 -d 512`; `-r 1 -fa auto`) \
            on the chat model and podbot's LlamaEngine on the same model, threads and batch: pp512 over 512 corpus \
            tokens, tg128 as 128 greedy tokens after a one-token prompt, and tg128 at depth 512 after the 512-token \
            prompt (end-of-generation ignored). Embeddings: the same corpus passages (120 words, 90-word stride over \
            the corpus files) through LlamaEmbedder (F32 and F16 MiniLM, several batch shapes) and through \
            llama-server's /v1/embeddings, in alternating rounds. Prints a Markdown report; peak RSS is this process's.
            """)

    @Option(help: "Folder of the reference corpus (default $PODBOT_CORPUS).") var corpus: String?
    @Option(help: "CPU threads for every side.") var threads = 2
    @Option(help: "Alternating rounds of llama.cpp's tool and podbot, for generation and for embeddings.")
    var rounds = 3
    @Option(help: "Passages to embed in the rounds against llama-server.") var passages = 1000
    @Option(help: "Passages to embed per configuration in the sweep of batch shapes.") var sweepPassages = 300
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

    /// Rounds alternate llama-bench and podbot, so that drift in the machine's speed (other tenants, clocks) hits
    /// both sides alike; the report gives medians and the per-round ratios.
    ///
    /// llama-bench's tg128 decodes 128 tokens into an empty context; podbot's matching run generates 128 tokens
    /// after a one-token prompt. Real use generates after a long prompt, where every token attends over the whole
    /// cache, so the rounds also compare tg128 at depth 512 (`llama-bench -d 512` against podbot generating after its
    /// 512-token pp512 prompt).
    private func generation(model: String, bin: String) async throws {
        let engine = try LlamaEngine(
            modelPath: model, settings: EngineSettings(contextSize: 1024, threads: threads, batchSize: 512))
        let text = try Self.corpusFiles(corpus).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
        let prompt = Array(engine.model.tokenize(text, addSpecial: true).prefix(512))
        var options = GenerationOptions.greedy(maxTokens: 128)
        options.ignoreEndOfGeneration = true
        _ = try await engine.run(tokens: Array(prompt.prefix(16)), options: .greedy(maxTokens: 4))  // warm-up
        var reference: [Measure: [Double]] = [:]
        var ours: [Measure: [Double]] = [:]
        for _ in 0..<rounds {
            let common = ["-m", model, "-t", String(threads), "-r", "1", "-fa", "auto", "-o", "json"]
            let rows =
                try benchRows(bin, common + ["-p", "512", "-n", "128"])
                + benchRows(bin, common + ["-p", "0", "-n", "128", "-d", "512"])
            for measure in Measure.allCases {
                guard let row = rows.first(where: { measure.matches($0) }) else {
                    throw ValidationError("llama-bench printed no \(measure.rawValue) row")
                }
                reference[measure, default: []].append(row.averageTokensPerSecond)
            }
            let deep = try await engine.run(tokens: prompt, options: options)
            let shallow = try await engine.run(tokens: Array(prompt.prefix(1)), options: options)
            ours[.prompt, default: []].append(deep.promptTokensPerSecond)
            ours[.generation, default: []].append(shallow.generationTokensPerSecond)
            ours[.deepGeneration, default: []].append(deep.generationTokensPerSecond)
        }
        print("| measure | llama-bench, median (rounds) | podbot, median (rounds) | podbot / llama-bench |")
        print("|---|---|---|---|")
        for measure in Measure.allCases {
            print(
                comparisonRow("\(measure.rawValue), t/s", theirs: reference[measure] ?? [], ours: ours[measure] ?? []))
        }
        print("\npeak RSS after generation (chat model, 1,024-token context): \(f(Self.peakRSSMegabytes(), 0)) MB\n")
    }

    /// The three compared measures, named as llama-bench names its tests.
    private enum Measure: String, CaseIterable {
        case prompt = "pp512"
        case generation = "tg128"
        case deepGeneration = "tg128 @ d512"

        func matches(_ row: BenchRow) -> Bool {
            switch self {
            case .prompt: row.promptTokens == 512 && row.generatedTokens == 0 && row.depth == 0
            case .generation: row.promptTokens == 0 && row.generatedTokens == 128 && row.depth == 0
            case .deepGeneration: row.promptTokens == 0 && row.generatedTokens == 128 && row.depth == 512
            }
        }
    }

    private func benchRows(_ bin: String, _ arguments: [String]) throws -> [BenchRow] {
        try JSONDecoder().decode([BenchRow].self, from: Data(Self.capture(bin + "/llama-bench", arguments).utf8))
    }

    private struct BenchRow: Decodable {
        var promptTokens: Int
        var generatedTokens: Int
        var depth: Int
        var averageTokensPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case promptTokens = "n_prompt"
            case generatedTokens = "n_gen"
            case depth = "n_depth"
            case averageTokensPerSecond = "avg_ts"
        }
    }

    // MARK: Embeddings

    /// A sweep of batch shapes and weight types on `sweepPassages` passages, then alternating rounds of podbot's
    /// default embedder and llama-server (defaults, one passage per request) on the same model file, F32 and F16.
    private func embeddings(_ texts: [String], models: String, bin: String) async throws {
        let f32 = models + "/" + InferenceConfiguration.miniLMFileF32
        guard FileManager.default.fileExists(atPath: f32) else {
            throw ValidationError("no \(InferenceConfiguration.miniLMFileF32) in \(models); run scripts/bootstrap.sh")
        }
        let files = [("F32", f32), ("F16", models + "/" + InferenceConfiguration.miniLMFileF16)]
            .filter { FileManager.default.fileExists(atPath: $0.1) }
        let sweep = Array(texts.prefix(sweepPassages))
        print("Sweep, \(sweep.count) passages of 120 words, one run each:\n")
        print("| embedder | passages/s | wall s |")
        print("|---|---|---|")
        for (label, file) in files {
            for (batch, sequences) in [(512, 1), (512, 4), (512, 8), (2048, 32)] {
                let seconds = try await podbotEmbeddings(
                    sweep, model: file,
                    settings: .init(threads: threads, batchTokens: batch, maxSequencesPerBatch: sequences))
                print(
                    "| podbot, \(label), batch \(batch) tokens / \(sequences) sequences | \(f(Double(sweep.count) / seconds)) | \(f(seconds)) |"
                )
            }
        }
        for (label, arguments, perRequest) in [
            ("llama-server F32, defaults (-ub 512), 1 passage/request", [String](), 1),
            ("llama-server F32, -b 2048 -ub 2048, 32 passages/request", ["-b", "2048", "-ub", "2048"], 32),
        ] {
            let run = try await serverEmbeddings(
                sweep, model: f32, bin: bin, arguments: arguments, perRequest: perRequest)
            print("| \(label) | \(f(Double(sweep.count) / run.wall)) | \(f(run.wall)) (server peak RSS \(run.rss)) |")
        }

        let defaults = LlamaEmbedder.Settings(threads: threads)
        print(
            "\n\(texts.count) passages, \(rounds) alternating rounds; podbot's default batch \(defaults.batchTokens) "
                + "tokens / \(defaults.maxSequencesPerBatch) sequences, llama-server defaults, 1 passage/request:\n")
        print("| model | llama-server, passages/s (rounds) | podbot, passages/s (rounds) | podbot / llama-server |")
        print("|---|---|---|---|")
        for (label, file) in files {
            var theirs: [Double] = []
            var mine: [Double] = []
            for _ in 0..<rounds {
                theirs.append(
                    Double(texts.count)
                        / (try await serverEmbeddings(texts, model: file, bin: bin, arguments: [], perRequest: 1)).wall)
                mine.append(Double(texts.count) / (try await podbotEmbeddings(texts, model: file, settings: defaults)))
            }
            print(comparisonRow(label, theirs: theirs, ours: mine))
        }
        print("\npeak RSS of podbot after embeddings: \(f(Self.peakRSSMegabytes(), 0)) MB")
    }

    /// Seconds for a fresh in-process embedder to embed `texts` (after an untimed warm-up batch).
    private func podbotEmbeddings(_ texts: [String], model: String, settings: LlamaEmbedder.Settings) async throws
        -> Double
    {
        let embedder = try LlamaEmbedder(modelPath: model, settings: settings)
        _ = try await embedder.embed(Array(texts.prefix(8)))
        let start = ContinuousClock.now
        let vectors = try await embedder.embed(texts)
        guard vectors.count == texts.count else { throw ValidationError("the embedder returned too few vectors") }
        return (ContinuousClock.now - start) / .seconds(1)
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

    /// A Markdown row: the peer's median and rounds, podbot's, and the ratio of the medians with per-round ratios.
    private func comparisonRow(_ name: String, theirs: [Double], ours: [Double]) -> String {
        func list(_ values: [Double], digits: Int = 1) -> String {
            values.map { f($0, digits) }.joined(separator: ", ")
        }
        let ratios = zip(ours, theirs).map { $0 / $1 }
        return "| \(name) | \(f(median(theirs))) (\(list(theirs))) | \(f(median(ours))) (\(list(ours))) | "
            + "\(f(median(ours) / median(theirs), 2))× (per round \(list(ratios, digits: 2))) |"
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

private func median(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.sorted()[values.count / 2] }
