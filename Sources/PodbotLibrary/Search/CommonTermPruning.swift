import Foundation
import GRDB

/// Drops very common words from an OR query when rarer ones remain, because FTS5 scores every passage that
/// matches any word (it has no WAND/MaxScore): a question's common word ("think", "people") matches a third of
/// the library and makes ranking cost ~70 ms on 144k passages, while its BM25 weight is small.
///
/// Not exact: a dropped word no longer adds to a passage's score (at most idf·(k1+1) = log((1-f)/f)·2.2 with
/// f = ``maxDocumentFraction``, about 4.8 at 10%) and passages holding only dropped words are not returned.
/// Measured on the dev set (`podbot eval eval/dev.jsonl`, bm25) and the benchmark; see BENCHMARKS.md, issue 2.
/// Phrases are always kept; if every word is common the query is left as it is.
enum CommonTermPruning {
    /// A word held by more than this fraction of passages is common. The default, 1.0, prunes nothing: pruning is
    /// measured (`PODBOT_PRUNE=0.2 podbot bench search ...`, BENCHMARKS.md) before it becomes a default.
    static let maxDocumentFraction = ProcessInfo.processInfo.environment["PODBOT_PRUNE"].flatMap(Double.init) ?? 1.0

    /// `parts` (FTSQuery's quoted phrases and terms) without the common terms, or `parts` when nothing rarer is left.
    static func prune(_ parts: [String], _ db: Database) throws -> [String] {
        guard parts.count > 1 else { return parts }
        let cap = Int(Double(try passageCount(db)) * maxDocumentFraction)
        guard cap > 0 else { return parts }
        var kept: [String] = []
        for part in parts {
            if part.contains(" ") {
                kept.append(part)
                continue
            }
            // FTS5's own count of the rows holding the term (stemmed as the index is), stopping past the cap:
            // cheap for rare words, bounded for common ones.
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT 1 FROM passage_fts WHERE passage_fts MATCH ? LIMIT ?)",
                    arguments: [part, cap + 1]) ?? 0
            if count <= cap { kept.append(part) }
        }
        return kept.isEmpty ? parts : kept
    }

    /// Rows in the FTS index: the first varint of FTS5's averages record (id 1 of `passage_fts_data`), which FTS5
    /// keeps current on every write and uses as bm25's N. Falls back to counting passages.
    static func passageCount(_ db: Database) throws -> Int {
        if let block = try Data.fetchOne(db, sql: "SELECT block FROM passage_fts_data WHERE id = 1") {
            var value = 0
            for (index, byte) in block.prefix(9).enumerated() {
                if index == 8 { return value << 8 | Int(byte) }
                value = value << 7 | Int(byte & 0x7F)
                if byte < 0x80 { return value }
            }
        }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM passage") ?? 0
    }
}
