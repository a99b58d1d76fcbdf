// swift-tools-version:6.1
import PackageDescription

// llama.cpp is built by `scripts/bootstrap.sh` into a cache outside the checkout and reached
// through the `.deps` link it leaves in the package root (see docs/architecture.md).
let llamaLib = Context.packageDirectory + "/.deps/llama/lib"
// whisper.cpp and podbot's audio decoder, built by the same script against llama.cpp's ggml (issue 13).
let whisperLib = Context.packageDirectory + "/.deps/whisper/lib"
// The native engines' static archives, whole and in dependency order: whisper.cpp and podbot's audio decoder,
// llama.cpp, then the one ggml both were built against (ggml-cpu uses OpenMP: GGML_OPENMP=ON in bootstrap.sh).
// PodbotLlama and PodbotWhisper both link this same list: SwiftPM keeps only the first mention of a library on
// the link line, and a static archive only resolves what comes before it, so two lists in different orders
// would leave llama or whisper after the ggml they need. An archive no code uses adds nothing to the binary.
// -L and -rpath are unsafe flags because the archives live in the bootstrap's cache, outside any package.
let nativeEngineLinkage: [LinkerSetting] =
    [.unsafeFlags(["-L\(whisperLib)", "-L\(llamaLib)", "-Xlinker", "-rpath", "-Xlinker", llamaLib])]
    + ["whisper", "podbot_audio", "llama", "ggml", "ggml-cpu", "ggml-base", "gomp", "stdc++", "m", "pthread"].map {
        .linkedLibrary($0)
    }

let package = Package(
    name: "podbot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "podbot", targets: ["podbot"]),
        .executable(name: "podbot-bench", targets: ["podbot-bench"]),
        .library(name: "PodbotErrors", targets: ["PodbotErrors"]),
        .library(name: "PodbotTranscript", targets: ["PodbotTranscript"]),
        .library(name: "PodbotLibrary", targets: ["PodbotLibrary"]),
        .library(name: "PodbotInference", targets: ["PodbotInference"]),
        .library(name: "PodbotLlama", targets: ["PodbotLlama"]),
        .library(name: "PodbotWhisper", targets: ["PodbotWhisper"]),
        .library(name: "PodbotRetrieval", targets: ["PodbotRetrieval"]),
        .library(name: "PodbotService", targets: ["PodbotService"]),
        .library(name: "PodbotServer", targets: ["PodbotServer"]),
        .library(name: "PodbotEnrichment", targets: ["PodbotEnrichment"]),
        .library(name: "PodbotFeeds", targets: ["PodbotFeeds"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // The kinds of failure every error declares, which the CLI, the server and MCP map. No dependencies.
        .target(name: "PodbotErrors"),
        // Transcript model, format detection, one parser per format, text repair.
        .target(name: "PodbotTranscript", dependencies: ["PodbotErrors"]),
        // The SQLite library: schema, import, passages, BM25 search, export.
        .target(
            name: "PodbotLibrary",
            dependencies: [
                "PodbotErrors", "PodbotTranscript",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Model-facing protocols (TextGenerator, Embedder), configuration, OpenAI-compatible backend.
        .target(
            name: "PodbotInference",
            dependencies: [
                "PodbotErrors",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // llama.cpp's C API; only PodbotLlama imports it.
        .systemLibrary(name: "CLlama", path: "Sources/CLlama"),
        // In-process llama.cpp engine. No C type escapes this target.
        .target(
            name: "PodbotLlama",
            dependencies: ["CLlama", "PodbotInference"],
            linkerSettings: nativeEngineLinkage
        ),
        // whisper.cpp's C API and podbot's audio decoder; only PodbotWhisper imports it.
        .systemLibrary(name: "CWhisper", path: "Sources/CWhisper"),
        // In-process speech recognition with whisper.cpp. No C type escapes this target.
        .target(
            name: "PodbotWhisper",
            dependencies: ["CWhisper", "PodbotErrors", "PodbotTranscript", "PodbotInference"],
            linkerSettings: nativeEngineLinkage
        ),
        // Embeddings index, SIMD vector search, hybrid (RRF) retrieval, cited answers, retrieval evaluation.
        .target(name: "PodbotRetrieval", dependencies: ["PodbotLibrary", "PodbotInference"]),
        // Episode enrichment: token-aware chunking, map-reduce summaries, chapters, listener questions, resumable jobs.
        .target(
            name: "PodbotEnrichment",
            dependencies: ["PodbotLibrary", "PodbotTranscript", "PodbotInference", "PodbotRetrieval"]),
        // The service layer the CLI, the server and MCP adapt: searches and asks with their rules, the models
        // loaded on first use, one ask on the model at a time.
        .target(
            name: "PodbotService",
            dependencies: [
                "PodbotErrors", "PodbotLibrary", "PodbotInference", "PodbotLlama", "PodbotRetrieval",
                "PodbotEnrichment",
            ]),
        // Podcast feeds: RSS with the iTunes and Podcasting 2.0 tags, conditional downloads, idempotent syncs.
        .target(
            name: "PodbotFeeds",
            dependencies: [
                "PodbotErrors", "PodbotLibrary", "PodbotTranscript",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // `podbot serve` (Hummingbird web app + JSON API, background jobs) and `podbot mcp` (MCP over stdio).
        .target(
            name: "PodbotServer",
            dependencies: [
                "PodbotErrors", "PodbotLibrary", "PodbotTranscript", "PodbotInference", "PodbotLlama",
                "PodbotRetrieval", "PodbotEnrichment", "PodbotFeeds", "PodbotWhisper", "PodbotService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Options and terminal output shared by the `podbot` and `podbot-bench` commands.
        .target(
            name: "PodbotCommandLine",
            dependencies: [
                "PodbotLibrary", "PodbotInference", "PodbotLlama", "PodbotRetrieval", "PodbotEnrichment",
                "PodbotService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "podbot",
            dependencies: [
                "PodbotErrors", "PodbotTranscript", "PodbotLibrary", "PodbotInference", "PodbotLlama",
                "PodbotRetrieval", "PodbotServer", "PodbotCommandLine", "PodbotService",
                "PodbotEnrichment", "PodbotFeeds", "PodbotWhisper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The measurements recorded in BENCHMARKS.md (`make bench*`), kept out of the shipped binary.
        .executableTarget(
            name: "podbot-bench",
            dependencies: [
                "PodbotLibrary", "PodbotInference", "PodbotLlama", "PodbotRetrieval", "PodbotEnrichment",
                "PodbotCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Corpus location, scratch folders and a scripted chat model, shared by the test targets,
        // and a real HTTP server serving feed fixtures.
        .target(
            name: "PodbotTestSupport",
            dependencies: [
                "PodbotInference",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/PodbotTestSupport"),
        .testTarget(
            name: "PodbotTranscriptTests", dependencies: ["PodbotTranscript", "PodbotTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PodbotLibraryTests", dependencies: ["PodbotLibrary", "PodbotTranscript", "PodbotTestSupport"]),
        .testTarget(
            name: "PodbotInferenceTests", dependencies: ["PodbotInference", "PodbotLlama", "PodbotTestSupport"]),
        .testTarget(name: "PodbotLlamaTests", dependencies: ["PodbotLlama", "PodbotInference", "PodbotTestSupport"]),
        .testTarget(
            name: "PodbotRetrievalTests",
            dependencies: [
                "PodbotRetrieval", "PodbotLibrary", "PodbotTranscript", "PodbotInference", "PodbotLlama",
                "PodbotTestSupport",
            ]),
        .testTarget(
            name: "PodbotServerTests",
            dependencies: [
                "PodbotServer", "PodbotService", "PodbotLibrary", "PodbotTranscript", "PodbotInference",
                "PodbotTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            exclude: ["Browser"]),
        .testTarget(
            name: "PodbotEnrichmentTests",
            dependencies: ["PodbotEnrichment", "PodbotLibrary", "PodbotInference", "PodbotLlama", "PodbotTestSupport"]),
        .testTarget(
            name: "PodbotFeedsTests",
            dependencies: [
                "PodbotFeeds", "PodbotLibrary", "PodbotTranscript", "PodbotTestSupport",
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PodbotWhisperTests",
            dependencies: [
                "PodbotWhisper", "PodbotFeeds", "PodbotLibrary", "PodbotTranscript", "PodbotErrors", "PodbotServer",
                "PodbotInference",
                "PodbotTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "PodbotServiceTests",
            dependencies: [
                "PodbotService", "PodbotLibrary", "PodbotTranscript", "PodbotInference", "PodbotRetrieval",
                "PodbotErrors", "PodbotTestSupport",
            ]),
        .testTarget(name: "PodbotCLITests", dependencies: ["podbot", "PodbotLibrary", "PodbotTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
