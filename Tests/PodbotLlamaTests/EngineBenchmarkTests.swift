import Foundation
import PodbotInference
import PodbotLlama
import Testing

/// Issue 3's engine benchmark, run on demand (it takes minutes): `PODBOT_BENCH=1 swift test --filter EngineBenchmark`.
/// Compares podbot's engine with llama.cpp's own llama-bench (pp512, tg128) on the default Qwen model, and the
/// in-process embedder with llama-server's /v1/embeddings on 1,000 corpus passages. Prints a Markdown report.
@Suite("Engine benchmark", .serialized, .enabled(if: ProcessInfo.processInfo.environment["PODBOT_BENCH"] == "1"))
struct EngineBenchmarkTests {
    static let threads = Int(ProcessInfo.processInfo.environment["PODBOT_BENCH_THREADS"] ?? "") ?? 2
    static let qwen = TestModels.modelsDirectory + "/" + InferenceConfiguration.defaultChatFile
    static let bin = TestModels.repositoryRoot.appendingPathComponent(".deps/llama/bin").path

    static func report(_ line: String) {
        print("BENCH " + line)
        let path = ProcessInfo.processInfo.environment["PODBOT_BENCH_OUT"] ?? "/tmp/podbot-bench.md"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: Data((line + "\n").utf8))
        }
    }

    /// 1,000 passages of 120 words, cut from the corpus files with a 90-word stride.
    static func passages() throws -> [String] {
        var result: [String] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: TestModels.corpus.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        for file in files {
            let words = try TestModels.corpusText(file).split(whereSeparator: \.isWhitespace)
            var start = 0
            while start + 120 <= words.count {
                result.append(words[start..<start + 120].joined(separator: " "))
                start += 90
            }
        }
        return Array(result.prefix(1000))
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    @Test("generation: podbot vs llama-bench pp512/tg128")
    func generation() async throws {
        // llama.cpp's own numbers first, in the same run.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.bin + "/llama-bench")
        process.arguments = [
            "-m", Self.qwen, "-t", String(Self.threads), "-p", "512", "-n", "128", "-r", "3", "-o", "json",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        struct Row: Decodable {
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
        let rows = try JSONDecoder().decode([Row].self, from: data)
        let pp = try #require(rows.first { $0.promptTokens == 512 })
        let tg = try #require(rows.first { $0.generatedTokens == 128 })

        let engine = try LlamaEngine(
            modelPath: Self.qwen, settings: EngineSettings(contextSize: 1024, threads: Self.threads, batchSize: 512))
        let text = try TestModels.corpusText("lex-fridman-jeremy-howard.txt")
        let prompt = Array(engine.model.tokenize(text, addSpecial: true).prefix(512))
        var ppRates: [Double] = []
        var tgRates: [Double] = []
        _ = try await engine.run(tokens: Array(prompt.prefix(16)), options: .greedy(maxTokens: 4))  // warm-up
        for _ in 0..<3 {
            var options = GenerationOptions.greedy(maxTokens: 128)
            options.ignoreEndOfGeneration = true
            let stats = try await engine.run(tokens: prompt, options: options)
            ppRates.append(stats.promptTokensPerSecond)
            tgRates.append(stats.generationTokensPerSecond)
        }
        let ours = (pp: ppRates.reduce(0, +) / 3, tg: tgRates.reduce(0, +) / 3)
        Self.report(
            "| pp512 (prompt eval), t/s | \(f(pp.averageTokensPerSecond)) ± \(f(pp.deviation)) | \(f(ours.pp)) (\(ppRates.map { f($0) }.joined(separator: ", "))) | \(f(ours.pp / pp.averageTokensPerSecond, 2))× |"
        )
        Self.report(
            "| tg128 (generation), t/s | \(f(tg.averageTokensPerSecond)) ± \(f(tg.deviation)) | \(f(ours.tg)) (\(tgRates.map { f($0) }.joined(separator: ", "))) | \(f(ours.tg / tg.averageTokensPerSecond, 2))× |"
        )
        Self.report("| peak RSS of the test process after generation | | \(f(Self.peakRSSMegabytes(), 0)) MB | |")
    }

    @Test("embeddings: in-process vs llama-server on 1,000 passages")
    func embeddings() async throws {
        let passages = try Self.passages()
        try #require(passages.count == 1000)
        for (file, label) in [(TestModels.miniLM, "F32"), (TestModels.miniLMf16, "F16")] {
            for (batch, sequences) in [(512, 8), (1024, 16), (2048, 32), (4096, 64)] {
                let embedder = try LlamaEmbedder(
                    modelPath: file,
                    settings: .init(threads: Self.threads, batchTokens: batch, maxSequencesPerBatch: sequences))
                _ = try await embedder.embed(Array(passages.prefix(8)))
                let start = ContinuousClock.now
                let vectors = try await embedder.embed(passages)
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                #expect(vectors.count == 1000)
                Self.report(
                    "| podbot in-process, \(label), batch \(batch) tokens / \(sequences) seqs | \(f(1000 / seconds)) passages/s | \(f(seconds, 1)) s |"
                )
            }
        }
        Self.report("| peak RSS of the test process after embeddings | \(f(Self.peakRSSMegabytes(), 0)) MB | |")

        for (label, args, perRequest) in [
            ("llama-server defaults (-ub 512), 1 passage/request", [String](), 1),
            ("llama-server -b 2048 -ub 2048, 32 passages/request", ["-b", "2048", "-ub", "2048"], 32),
            ("llama-server -b 4096 -ub 4096, 64 passages/request", ["-b", "4096", "-ub", "4096"], 64),
        ] {
            let server = Process()
            let port = 18000 + Int.random(in: 0..<2000)
            server.executableURL = URL(fileURLWithPath: Self.bin + "/llama-server")
            server.arguments =
                [
                    "-m", TestModels.miniLM, "--embeddings", "--pooling", "mean", "--host", "127.0.0.1",
                    "--port", String(port), "-t", String(Self.threads), "-c", "4096", "-np", "1",
                ] + args
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
            let client = OpenAIClient(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:\(port)", model: "minilm"))
            var ready = false
            for _ in 0..<100 where !ready {
                ready = (try? await client.embed(["warm-up"])) != nil
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            try #require(ready)
            let start = ContinuousClock.now
            var count = 0
            var index = 0
            while index < passages.count {
                let slice = Array(passages[index..<min(passages.count, index + perRequest)])
                count += try await client.embed(slice).count
                index += perRequest
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            let rss =
                (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map(String.init) ?? "?"
            Self.report("| \(label) | \(f(Double(count) / seconds)) passages/s | \(f(seconds, 1)) s | \(rss) |")
        }
    }
}

private func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
