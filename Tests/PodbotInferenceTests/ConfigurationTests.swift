import Foundation
import Testing

@testable import PodbotInference

@Suite("Inference configuration")
struct ConfigurationTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("podbot-config-\(UUID().uuidString)")

    @Test("bundled defaults need no configuration; PODBOT_MODELS_DIR moves them")
    func defaults() throws {
        let home = ["HOME": "/home/u"]
        let config = try InferenceConfiguration.resolve(environment: home)
        #expect(config.chat == .file(path: "/home/u/.cache/podbot/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"))
        #expect(config.embedding == .file(path: "/home/u/.cache/podbot/models/all-MiniLM-L6-v2-f32.gguf"))
        let moved = try InferenceConfiguration.resolve(environment: ["HOME": "/h", "PODBOT_MODELS_DIR": "/m"])
        #expect(moved.chat == .file(path: "/m/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"))
        #expect(InferenceConfiguration.configFilePath(environment: ["HOME": "/h"]) == "/h/.config/podbot/config.json")
        #expect(
            InferenceConfiguration.configFilePath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/podbot/config.json")
    }

    @Test("a bare file name finds the model of that name in the models folder, a path is taken as given")
    func modelsFolderNames() throws {
        let models = scratch.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let larger = InferenceConfiguration.largerChatFile
        let env = ["HOME": "/h", "PODBOT_MODELS_DIR": models.path]
        // Not fetched yet: the name stays as typed, and loading it names the missing file.
        var config = try InferenceConfiguration.resolve(overrides: .init(chatModel: larger), environment: env)
        #expect(config.chat == .file(path: larger))
        try Data("GGUF".utf8).write(to: models.appendingPathComponent(larger))
        config = try InferenceConfiguration.resolve(overrides: .init(chatModel: larger), environment: env)
        #expect(config.chat == .file(path: models.path + "/" + larger))
        config = try InferenceConfiguration.resolve(environment: env.merging(["PODBOT_CHAT_MODEL": larger]) { $1 })
        #expect(config.chat == .file(path: models.path + "/" + larger))
        // A path, or a server's model name, is never looked up.
        config = try InferenceConfiguration.resolve(overrides: .init(chatModel: "./" + larger), environment: env)
        #expect(config.chat == .file(path: "./" + larger))
        config = try InferenceConfiguration.resolve(
            overrides: .init(chatModel: larger, chatURL: "http://127.0.0.1:8080"), environment: env)
        #expect(config.chat == .server(ServerEndpoint(baseURL: "http://127.0.0.1:8080/v1", model: larger)))
    }

    @Test(
        "the second embedding model comes with the bundled MiniLM when its file is there, and never with another model")
    func secondEmbedding() throws {
        let models = scratch.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let env = ["HOME": "/h", "PODBOT_MODELS_DIR": models.path]
        #expect(try InferenceConfiguration.resolve(environment: env).secondEmbedding == nil)
        let e5 = models.appendingPathComponent(InferenceConfiguration.secondEmbeddingFile).path
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: e5))
        let second = try InferenceConfiguration.resolve(environment: env).secondEmbedding
        #expect(second?.source == .file(path: e5))
        #expect(second?.prefixes == EmbeddingPrefixes(query: "query: ", document: "passage: "))
        #expect(
            try InferenceConfiguration.resolve(environment: env.merging(["PODBOT_SECOND_EMBEDDING": "off"]) { $1 })
                .secondEmbedding == nil)
        #expect(
            try InferenceConfiguration.resolve(overrides: .init(embeddingModel: "/m/other.gguf"), environment: env)
                .secondEmbedding == nil)
        #expect(
            try InferenceConfiguration.resolve(environment: env.merging(["PODBOT_EMBED_URL": "http://e:1"]) { $1 })
                .secondEmbedding == nil)
    }

    @Test("flags beat environment, environment beats the config file")
    func precedence() throws {
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent("podbot"), withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent("podbot/config.json")
        try Data(
            #"{"chat": {"url": "http://10.0.0.1:9000", "model": "big", "apiKeyEnv": "MY_KEY"}, "embedding": {"model": "/e.gguf"}, "contextSize": 8192}"#
                .utf8
        ).write(to: file)
        var env = ["HOME": "/h", "XDG_CONFIG_HOME": scratch.path, "MY_KEY": "secret"]
        var config = try InferenceConfiguration.resolve(environment: env)
        #expect(
            config.chat == .server(ServerEndpoint(baseURL: "http://10.0.0.1:9000/v1", model: "big", apiKey: "secret")))
        #expect(config.embedding == .file(path: "/e.gguf"))
        #expect(config.engine.contextSize == 8192)

        env["PODBOT_CHAT_MODEL"] = "/local.gguf"
        env["PODBOT_CONTEXT_SIZE"] = "2048"
        config = try InferenceConfiguration.resolve(environment: env)
        #expect(config.chat == .file(path: "/local.gguf"))
        #expect(config.engine.contextSize == 2048)

        config = try InferenceConfiguration.resolve(
            overrides: .init(chatURL: "http://127.0.0.1:8080/v1", contextSize: 512), environment: env)
        #expect(
            config.chat
                == .server(ServerEndpoint(baseURL: "http://127.0.0.1:8080/v1", model: "/local.gguf", apiKey: "secret")))
        #expect(config.engine.contextSize == 512)
    }

    @Test("embedding prefixes: none by default, the file's for the file's model, the variables' above both")
    func embeddingPrefixes() throws {
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent("podbot"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var env = ["HOME": "/h", "XDG_CONFIG_HOME": scratch.path]
        #expect(try InferenceConfiguration.resolve(environment: env).embeddingPrefixes == .none)
        let file = scratch.appendingPathComponent("podbot/config.json")
        try Data(
            #"{"embedding": {"model": "/m/nomic-embed-text-v1.5.f16.gguf", "documentPrefix": "search_document: "}}"#
                .utf8
        ).write(to: file)
        var config = try InferenceConfiguration.resolve(environment: env)
        #expect(config.embeddingPrefixes == EmbeddingPrefixes(query: "", document: "search_document: "))
        // Another model, named by a flag or a variable, does not take the file's model's prefixes.
        config = try InferenceConfiguration.resolve(overrides: .init(embeddingModel: "/m/other.gguf"), environment: env)
        #expect(config.embeddingPrefixes == .none)
        env["PODBOT_EMBED_URL"] = "http://127.0.0.1:11434"
        #expect(try InferenceConfiguration.resolve(environment: env).embeddingPrefixes == .none)
        // The variables apply to whichever model is used.
        env["PODBOT_EMBED_QUERY_PREFIX"] = "query: "
        env["PODBOT_EMBED_DOCUMENT_PREFIX"] = "passage: "
        config = try InferenceConfiguration.resolve(environment: env)
        #expect(config.embeddingPrefixes == EmbeddingPrefixes(query: "query: ", document: "passage: "))
    }

    @Test("bad values name the setting at fault")
    func errors() throws {
        #expect {
            _ = try InferenceConfiguration.resolve(environment: ["HOME": "/h", "PODBOT_THREADS": "many"])
        } throws: { ($0 as? InferenceError)?.message.contains("PODBOT_THREADS='many'") == true }
        #expect {
            _ = try InferenceConfiguration.resolve(environment: ["HOME": "/h", "PODBOT_CHAT_URL": "ftp://x"])
        } throws: { ($0 as? InferenceError)?.message.contains("ftp://x") == true }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let bad = scratch.appendingPathComponent("bad.json")
        try Data(#"{"contextSize": "big"}"#.utf8).write(to: bad)
        #expect {
            _ = try InferenceConfiguration.resolve(environment: ["HOME": "/h"], configFile: bad.path)
        } throws: { ($0 as? InferenceError)?.message.contains("bad.json") == true }
    }
}
