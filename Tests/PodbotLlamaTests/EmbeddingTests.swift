import Foundation
import PodbotInference
import PodbotTestSupport
import Testing

@testable import PodbotLlama

@Suite("Embeddings with all-MiniLM-L6-v2", .serialized)
struct EmbeddingTests {
    let embedder: LlamaEmbedder

    init() throws {
        embedder = try TestModels.embedder.get()
    }

    /// Sentences taken verbatim from the corpus, each with a paraphrase written for this test.
    static let pairs: [(file: String, sentence: String, paraphrase: String)] = [
        (
            "lex-fridman-jeremy-howard.txt", "What's the first program you've ever written?",
            "Which computer program did you write first?"
        ),
        (
            "vanishing-gradients-jeremy-howard.txt", "So all Australians love chocolate biscuits.",
            "Every Australian is fond of chocolate cookies."
        ),
        (
            "latent-space-jeremy-howard-whisper.txt", "Welcome to the Latent Space Podcast.",
            "Hello and welcome to the Latent Space podcast episode."
        ),
        (
            "gradient-dissent-bot-summary-que-data.csv.txt",
            "I am definitely not convinced that Python is the right interface for data science, or that SQL is the right interface for analytics work.",
            "I doubt Python and SQL are the best tools for doing data science and analytics."
        ),
        (
            "lex-fridman-jeremy-howard.txt",
            "So I guess the founding story is heavily tied to my previous startup, which is a company called Analytica, which was the first company to focus on deep learning for medicine.",
            "My earlier startup Analytica was the first to apply deep learning to medicine, and that shaped how we began."
        ),
    ]

    @Test("paraphrases are closer than unrelated corpus sentences")
    func paraphrases() async throws {
        for pair in Self.pairs {
            #expect(
                try Corpus.text(pair.file).contains(pair.sentence), "\(pair.sentence) not in \(pair.file)")
        }
        let vectors = try await embedder.embed(Self.pairs.flatMap { [$0.sentence, $0.paraphrase] })
        for i in Self.pairs.indices {
            let (sentence, paraphrase) = (vectors[2 * i], vectors[2 * i + 1])
            let related = VectorMath.cosine(sentence, paraphrase)
            for j in Self.pairs.indices where j != i {
                let unrelated = VectorMath.cosine(sentence, vectors[2 * j + 1])
                #expect(related > unrelated + 0.1, "pair \(i): \(related) vs unrelated \(j): \(unrelated)")
            }
        }
    }

    @Test("vectors are unit length with the model's dimension")
    func shape() async throws {
        let vectors = try await embedder.embed(["one", "two words", ""])
        #expect(vectors.count == 3)
        #expect(try await embedder.dimension() == 384)
        for vector in vectors {
            #expect(vector.count == 384)
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test("batching does not change a text's vector")
    func batchedEqualsSingle() async throws {
        let texts = Self.pairs.map(\.sentence)
        let batched = try await embedder.embed(texts)
        for (text, vector) in zip(texts, batched) {
            let single = try await embedder.embed([text])[0]
            #expect(VectorMath.cosine(single, vector) > 0.9999)
        }
    }

    @Test("a batch larger than one llama_decode call is split across calls")
    func manyInputs() async throws {
        let small = try LlamaEmbedder(
            model: embedder.model, settings: .init(threads: engineThreads, batchTokens: 64, maxSequencesPerBatch: 3))
        let texts = (0..<10).map { "Sentence number \($0) about podcasts and deep learning." }
        let vectors = try await small.embed(texts)
        let reference = try await embedder.embed(texts)
        #expect(vectors.count == 10)
        for (a, b) in zip(vectors, reference) { #expect(VectorMath.cosine(a, b) > 0.9999) }
    }

    @Test("an input longer than the model's context is truncated explicitly, or rejected")
    func longInput() async throws {
        let text = try Corpus.text(Corpus.lex)
        let long = String(text.prefix(20_000))
        #expect(embedder.model.tokenize(long).count > embedder.maxTokensPerInput)
        #expect(embedder.maxTokensPerInput == 512)
        let tokens = try await embedder.tokens(for: long, index: 0)
        #expect(tokens.count == 512)
        #expect(tokens.last == embedder.model.tokenize("").last)  // still ends with [SEP]
        let vector = try await embedder.embed([long, "short"])
        #expect(vector[0].count == 384)

        let strict = try LlamaEmbedder(model: embedder.model, settings: .init(threads: engineThreads, overflow: .fail))
        await #expect {
            _ = try await strict.embed(["short", long])
        } throws: { error in
            (error as? InferenceError)?.kind == .invalidInput
                && (error as? InferenceError)?.message.contains("input 1") == true
        }
    }

    @Test("the F16 conversion agrees with the F32 one")
    func f16MatchesF32() async throws {
        let f16 = try LlamaEmbedder(modelPath: TestModels.miniLMf16, settings: .init(threads: engineThreads))
        let texts = Self.pairs.map(\.paraphrase)
        let a = try await f16.embed(texts)
        let b = try await embedder.embed(texts)
        for (x, y) in zip(a, b) { #expect(VectorMath.cosine(x, y) > 0.999) }
    }
}
