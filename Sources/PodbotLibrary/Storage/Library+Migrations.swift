import GRDB

extension Library {
    /// Versioned schema. Never edit a registered migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-library") { db in
            try db.execute(
                sql: """
                    CREATE TABLE show (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE COLLATE NOCASE
                    );
                    CREATE TABLE import_source (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL,
                        format TEXT NOT NULL,
                        sha256 TEXT NOT NULL UNIQUE,
                        bytes INTEGER NOT NULL,
                        imported_at TEXT NOT NULL
                    );
                    CREATE INDEX import_source_path ON import_source(path);
                    CREATE TABLE episode (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES import_source(id) ON DELETE CASCADE,
                        source_index INTEGER NOT NULL,
                        show_id INTEGER REFERENCES show(id) ON DELETE SET NULL,
                        title TEXT NOT NULL,
                        url TEXT,
                        published TEXT,
                        duration_ms INTEGER,
                        words INTEGER NOT NULL,
                        hosts TEXT NOT NULL DEFAULT '[]',
                        guests TEXT NOT NULL DEFAULT '[]',
                        speakers TEXT NOT NULL DEFAULT '[]',
                        segment_count INTEGER NOT NULL,
                        has_timestamps INTEGER NOT NULL,
                        UNIQUE (source_id, source_index)
                    );
                    CREATE INDEX episode_show ON episode(show_id);
                    CREATE TABLE segment (
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        speaker TEXT,
                        start_ms INTEGER,
                        end_ms INTEGER,
                        text TEXT NOT NULL,
                        non_speech TEXT,
                        speaker_change INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (episode_id, ordinal)
                    ) WITHOUT ROWID;
                    CREATE TABLE passage (
                        id INTEGER PRIMARY KEY,
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        first_segment INTEGER NOT NULL,
                        last_segment INTEGER NOT NULL,
                        speakers TEXT,
                        start_ms INTEGER,
                        end_ms INTEGER,
                        text TEXT NOT NULL,
                        words INTEGER NOT NULL,
                        UNIQUE (episode_id, ordinal)
                    );
                    CREATE VIRTUAL TABLE passage_fts USING fts5(
                        text, content='passage', content_rowid='id',
                        tokenize='porter unicode61 remove_diacritics 2'
                    );
                    CREATE TRIGGER passage_ai AFTER INSERT ON passage BEGIN
                        INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text);
                    END;
                    CREATE TRIGGER passage_ad AFTER DELETE ON passage BEGIN
                        INSERT INTO passage_fts(passage_fts, rowid, text) VALUES ('delete', old.id, old.text);
                    END;
                    CREATE TABLE summary (
                        episode_id INTEGER PRIMARY KEY REFERENCES episode(id) ON DELETE CASCADE,
                        text TEXT NOT NULL,
                        origin TEXT NOT NULL CHECK (origin IN ('imported', 'generated')),
                        model TEXT,
                        details TEXT,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE question (
                        id INTEGER PRIMARY KEY,
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        text TEXT NOT NULL,
                        chunk INTEGER,
                        origin TEXT NOT NULL CHECK (origin IN ('imported', 'generated')),
                        UNIQUE (episode_id, origin, ordinal)
                    );
                    CREATE TABLE chapter (
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        start_ms INTEGER,
                        position REAL,
                        first_words TEXT,
                        PRIMARY KEY (episode_id, ordinal)
                    ) WITHOUT ROWID;
                    """)
        }
        // Issue 5: one sentence embedding per passage (Float32 little-endian BLOB), and the FTS vocabulary that
        // query expansion consults for misheard names.
        migrator.registerMigration("v2-embeddings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE passage_embedding (
                        passage_id INTEGER PRIMARY KEY REFERENCES passage(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        dimension INTEGER NOT NULL CHECK (dimension > 0),
                        vector BLOB NOT NULL CHECK (length(vector) = 4 * dimension)
                    );
                    CREATE INDEX passage_embedding_model ON passage_embedding(model);
                    CREATE VIRTUAL TABLE passage_vocab USING fts5vocab(passage_fts, 'row');
                    """)
        }
        // Issue 4: per-chunk model outputs of enrichment jobs (summary map/reduce steps, chapter titles, questions), so
        // an interrupted job resumes without redoing finished chunks. The key names everything the output depends on.
        migrator.registerMigration("v3-enrichment") { db in
            try db.execute(
                sql: """
                    CREATE TABLE enrichment_chunk (
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        task TEXT NOT NULL,
                        chunk_index INTEGER NOT NULL,
                        chunking TEXT NOT NULL,
                        model TEXT NOT NULL,
                        prompt_version TEXT NOT NULL,
                        output TEXT NOT NULL,
                        details TEXT,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (episode_id, task, chunking, model, prompt_version, chunk_index)
                    ) WITHOUT ROWID;
                    """)
        }
        // Issue 10: a passage's vectors are its whole text and windows of it, stored in one blob. Vectors made the
        // old way are under another key and would never be read again, so the table starts empty: `podbot index`
        // embeds every passage the new way.
        migrator.registerMigration("v4-passage-windows") { db in
            try db.execute(
                sql: """
                    DROP TABLE passage_embedding;
                    CREATE TABLE passage_embedding (
                        passage_id INTEGER PRIMARY KEY REFERENCES passage(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        dimension INTEGER NOT NULL CHECK (dimension > 0),
                        vector BLOB NOT NULL
                            CHECK (length(vector) > 0 AND length(vector) % (4 * dimension) = 0)
                    );
                    CREATE INDEX passage_embedding_model ON passage_embedding(model);
                    """)
        }
        // Issue 12: subscribed feeds, what each item last gave (for conditional GETs and idempotent syncs), and the
        // chapters a creator published, kept apart from generated chapters so that enrichment never overwrites them.
        migrator.registerMigration("v5-feeds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feed (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL UNIQUE,
                        title TEXT,
                        author TEXT,
                        language TEXT,
                        image TEXT,
                        link TEXT,
                        etag TEXT,
                        last_modified TEXT,
                        added_at TEXT NOT NULL,
                        synced_at TEXT
                    );
                    CREATE TABLE feed_item (
                        feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                        guid TEXT NOT NULL,
                        title TEXT NOT NULL,
                        published TEXT,
                        duration_ms INTEGER,
                        link TEXT,
                        enclosure_url TEXT,
                        enclosure_type TEXT,
                        transcript_url TEXT,
                        transcript_type TEXT,
                        transcript_etag TEXT,
                        transcript_last_modified TEXT,
                        chapters_url TEXT,
                        chapters_etag TEXT,
                        chapters_last_modified TEXT,
                        episode_id INTEGER REFERENCES episode(id) ON DELETE SET NULL,
                        status TEXT NOT NULL CHECK (status IN ('imported', 'no-transcript', 'failed')),
                        error TEXT,
                        seen_at TEXT NOT NULL,
                        PRIMARY KEY (feed_id, guid)
                    ) WITHOUT ROWID;
                    CREATE INDEX feed_item_episode ON feed_item(episode_id);
                    CREATE TABLE creator_chapter (
                        episode_id INTEGER NOT NULL REFERENCES episode(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER,
                        url TEXT,
                        image TEXT,
                        toc INTEGER NOT NULL DEFAULT 1,
                        PRIMARY KEY (episode_id, ordinal)
                    ) WITHOUT ROWID;
                    """)
        }
        // Issue 13: each finished window of an audio transcription, kept until its episode is stored, so that a
        // killed import resumes after the last stored window instead of starting again.
        migrator.registerMigration("v6-transcription-windows") { db in
            try db.execute(
                sql: """
                    CREATE TABLE transcription_window (
                        source_sha256 TEXT NOT NULL,
                        transcriber TEXT NOT NULL,
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
                        is_last INTEGER NOT NULL,
                        segments TEXT NOT NULL,
                        PRIMARY KEY (source_sha256, transcriber, start_ms)
                    );
                    """)
        }
        // Issue 12: whether a feed item's episode was stored by the feed (its source is the feed's to replace or
        // delete) or is a transcript the library already held, from a file or another feed, which is never deleted.
        migrator.registerMigration("v7-feed-item-owns-source") { db in
            try db.execute(sql: "ALTER TABLE feed_item ADD COLUMN owns_source INTEGER NOT NULL DEFAULT 0")
        }
        // Issue 10: a passage keeps vectors from more than one model (MiniLM and multilingual-e5-small rank
        // together), so the key is the passage and the model. Existing vectors are kept.
        migrator.registerMigration("v8-embeddings-per-model") { db in
            try db.execute(
                sql: """
                    CREATE TABLE passage_embedding_new (
                        passage_id INTEGER NOT NULL REFERENCES passage(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        dimension INTEGER NOT NULL CHECK (dimension > 0),
                        vector BLOB NOT NULL
                            CHECK (length(vector) > 0 AND length(vector) % (4 * dimension) = 0),
                        PRIMARY KEY (model, passage_id)
                    ) WITHOUT ROWID;
                    INSERT INTO passage_embedding_new SELECT passage_id, model, dimension, vector FROM passage_embedding;
                    DROP TABLE passage_embedding;
                    ALTER TABLE passage_embedding_new RENAME TO passage_embedding;
                    CREATE INDEX passage_embedding_passage ON passage_embedding(passage_id);
                    """)
        }
        return migrator
    }
}
