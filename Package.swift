// swift-tools-version:6.1
import PackageDescription

// llama.cpp and whisper.cpp are built by `scripts/bootstrap.sh` into a cache outside the checkout; the C modules
// CLlama and CWhisper find their headers and static archives through the pkg-config file it writes,
// `.deps/pkgconfig/podbot-native.pc` (the Makefile puts that folder on PKG_CONFIG_PATH; see docs/architecture.md).
// No target has unsafe flags, so other packages can depend on podbot's libraries.
//
// Linux only: the bootstrap builds the engines with Debian's toolchain and GNU OpenMP (-lgomp), so the package
// claims no `platforms` minimum for any other system.

let package = Package(
    name: "podbot",
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
        .systemLibrary(name: "CLlama", path: "Sources/CLlama", pkgConfig: "podbot-native"),
        // In-process llama.cpp engine. No C type escapes this target.
        .target(name: "PodbotLlama", dependencies: ["CLlama", "PodbotInference"]),
        // whisper.cpp's C API and podbot's audio decoder; only PodbotWhisper imports it.
        .systemLibrary(name: "CWhisper", path: "Sources/CWhisper", pkgConfig: "podbot-native"),
        // In-process speech recognition with whisper.cpp. No C type escapes this target.
        .target(
            name: "PodbotWhisper",
            dependencies: ["CWhisper", "PodbotErrors", "PodbotTranscript", "PodbotInference"]
        ),
        // Embeddings index, SIMD vector search, hybrid (RRF) retrieval, cited answers, retrieval evaluation.
        .target(name: "PodbotRetrieval", dependencies: ["PodbotLibrary", "PodbotInference"]),
        // Episode enrichment: token-aware chunking, map-reduce summaries, chapters, listener questions, resumable jobs.
        .target(
            name: "PodbotEnrichment",
            dependencies: ["PodbotLibrary", "PodbotTranscript", "PodbotInference", "PodbotRetrieval"]),
        // The service layer the CLI, the server and MCP adapt: imports, reads, searches and asks with their rules,
        // enrichment, feeds, the models loaded on first use, one ask on the model at a time.
        .target(
            name: "PodbotService",
            dependencies: [
                "PodbotErrors", "PodbotLibrary", "PodbotInference", "PodbotLlama", "PodbotRetrieval",
                "PodbotEnrichment", "PodbotFeeds",
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
            name: "PodbotLibraryTests",
            dependencies: [
                "PodbotLibrary", "PodbotTranscript", "PodbotTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
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
