import Foundation
import GRDB
import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("Passage vectors across the per-model migration")
struct EmbeddingMigrationTests {
    @Test("a library from before vectors were kept per model keeps its vectors, and takes a second model's beside them")
    func vectorsSurvive() throws {
        let scratch = ScratchFolder()
        let path = scratch.path("library.sqlite")
        var passages: [PassageText] = []
        do {
            let library = try Library(path: path)
            _ = try library.importFile(ImportRequest(path: Corpus.path(Corpus.lex)))
            passages = try library.passagesNeedingEmbedding(model: "minilm", dimension: 2, limit: 10_000)
            try library.storeEmbeddings(passages.map { ($0.id, [[1, 0], [0, 1]]) }, model: "minilm", dimension: 2)
        }
        // The table as the v4 migration made it (one model per passage), and the migration not yet run.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE old_embedding (
                        passage_id INTEGER PRIMARY KEY REFERENCES passage(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        dimension INTEGER NOT NULL CHECK (dimension > 0),
                        vector BLOB NOT NULL
                            CHECK (length(vector) > 0 AND length(vector) % (4 * dimension) = 0)
                    );
                    INSERT INTO old_embedding SELECT passage_id, model, dimension, vector FROM passage_embedding;
                    DROP TABLE passage_embedding;
                    ALTER TABLE old_embedding RENAME TO passage_embedding;
                    CREATE INDEX passage_embedding_model ON passage_embedding(model);
                    DELETE FROM grdb_migrations WHERE identifier = 'v8-embeddings-per-model';
                    """)
        }
        try queue.close()

        let library = try Library(path: path)
        #expect(try library.embeddingCoverage(model: "minilm").embedded == passages.count)
        #expect(try library.embeddingMatrix(model: "minilm")?.ids.count == passages.count * 2)
        try library.storeEmbeddings(passages.map { ($0.id, [[1, 0, 0]]) }, model: "e5", dimension: 3)
        #expect(try library.embeddingCoverage(model: "minilm").embedded == passages.count)
        #expect(try library.embeddingCoverage(model: "e5").embedded == passages.count)
        #expect(try library.integrityCheck() == ["ok"])
    }
}
