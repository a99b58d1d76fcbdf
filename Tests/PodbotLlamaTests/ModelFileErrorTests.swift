import Foundation
import PodbotInference
import PodbotLlama
import Testing

/// A missing, non-GGUF or truncated model file is an error that names the file, never a crash.
@Suite("Corrupt model files")
struct ModelFileErrorTests {
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("podbot-llama-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    func expectModelFileError(_ path: String, mentioning phrase: String) {
        #expect {
            _ = try LlamaModel(path: path)
        } throws: { error in
            guard let error = error as? InferenceError else { return false }
            return error.kind == .modelFile && error.message.hasPrefix(path) && error.message.contains(phrase)
        }
    }

    @Test("missing file")
    func missing() {
        expectModelFileError(scratch.appendingPathComponent("nope.gguf").path, mentioning: "not found")
        // The larger chat model says how to fetch it.
        let larger = scratch.appendingPathComponent(InferenceConfiguration.largerChatFile).path
        expectModelFileError(larger, mentioning: "run make chat-1.5b")
    }

    @Test("random bytes")
    func randomBytes() throws {
        let path = scratch.appendingPathComponent("random.gguf").path
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        expectModelFileError(path, mentioning: "not a GGUF")
    }

    @Test("GGUF magic followed by garbage")
    func garbageAfterMagic() throws {
        let path = scratch.appendingPathComponent("garbage.gguf").path
        var bytes = Array("GGUF".utf8) + [3, 0, 0, 0]
        bytes += (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        expectModelFileError(path, mentioning: "GGUF")
    }

    @Test("truncated GGUF", arguments: [0.5, 0.999])
    func truncated(fraction: Double) throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: TestModels.smolLM))
        let path = scratch.appendingPathComponent("truncated-\(fraction).gguf").path
        try source.prefix(Int(Double(source.count) * fraction)).write(to: URL(fileURLWithPath: path))
        expectModelFileError(path, mentioning: "truncated")
    }

    @Test("header only")
    func headerOnly() throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: TestModels.smolLM))
        let path = scratch.appendingPathComponent("header.gguf").path
        try source.prefix(1000).write(to: URL(fileURLWithPath: path))
        expectModelFileError(path, mentioning: "truncated or corrupt")
    }

    @Test("a directory and an empty file")
    func notFiles() throws {
        expectModelFileError(scratch.path, mentioning: "directory")
        let empty = scratch.appendingPathComponent("empty.gguf").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        expectModelFileError(empty, mentioning: "too small")
    }

    @Test("the engine and the embedder report the same errors")
    func engineAndEmbedder() {
        let path = scratch.appendingPathComponent("absent.gguf").path
        #expect(throws: InferenceError.self) { _ = try LlamaEngine(modelPath: path) }
        #expect(throws: InferenceError.self) { _ = try LlamaEmbedder(modelPath: path) }
    }
}
