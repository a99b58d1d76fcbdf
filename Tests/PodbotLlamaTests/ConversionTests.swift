import Foundation
import PodbotInference
import PodbotTestSupport
import Testing

@testable import PodbotLlama

/// The GGUF conversion is right: llama.cpp's embeddings of the converted MiniLM match an independent numpy BERT
/// forward pass over the original safetensors weights (scripts/bert_reference.py, run with the bootstrap's venv).
@Suite("MiniLM conversion against a numpy reference")
struct ConversionTests {
    @Test("GGUF embeddings match the safetensors reference (cosine ≥ 0.99)")
    func matchesReference() async throws {
        let root = Corpus.repositoryRoot
        let python = root.appendingPathComponent(".deps/venv/bin/python").path
        let script = root.appendingPathComponent("scripts/bert_reference.py").path
        let cache = InferenceConfiguration.cacheDirectory()
        let modelDir = cache + "/src/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: python), "run scripts/bootstrap.sh first")

        let sentences = [
            "What's the first program you've ever written?",
            "So all Australians love chocolate biscuits.",
            "Jeremy Howard is the founding researcher at Fast.ai, a research institute dedicated to making deep "
                + "learning more accessible.",
            "Naïve café owners in São Paulo don't use GPUs!",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--model-dir", modelDir]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(sentences))
        try input.fileHandleForWriting.close()
        let reader = output.fileHandleForReading
        let data = try await onOwnThread { reader.readDataToEndOfFile() }
        await process.exited()
        try #require(process.terminationStatus == 0)
        struct Reference: Decodable { var embeddings: [[Float]] }
        let reference = try JSONDecoder().decode(Reference.self, from: data).embeddings

        let embedder = try TestModels.embedder.get()
        let ours = try await embedder.embed(sentences)
        for (i, (a, b)) in zip(ours, reference).enumerated() {
            let cosine = VectorMath.cosine(a, b)
            #expect(cosine >= 0.99, "sentence \(i): cosine \(cosine)")
        }
    }

    @Test("the tokenizer matches the reference WordPiece ids for plain text")
    func tokenizer() throws {
        let embedder = try TestModels.embedder.get()
        // [CLS] hello world [SEP] in bert-base-uncased's vocabulary.
        #expect(embedder.model.tokenize("Hello world") == [101, 7592, 2088, 102])
    }
}
