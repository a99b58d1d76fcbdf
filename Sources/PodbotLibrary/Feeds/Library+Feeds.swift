import Foundation
import GRDB
import PodbotTranscript

/// The validators of a stored download (HTTP `ETag` and `Last-Modified`), sent back on the next fetch so that an
/// unchanged resource is not downloaded again.
public struct HTTPValidators: Sendable, Equatable, Codable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// A chapter as the show's creator published it (JSON chapters 1.2), never generated or changed by podbot.
public struct CreatorChapter: Sendable, Equatable, Codable {
    public var startSeconds: Double
    public var endSeconds: Double?
    public var title: String
    public var url: String?
    public var image: String?
    /// False for chapters the creator marks as not for the table of contents (`"toc": false`).
    public var toc: Bool

    public init(
        startSeconds: Double, endSeconds: Double? = nil, title: String, url: String? = nil, image: String? = nil,
        toc: Bool = true
    ) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.title = title
        self.url = url
        self.image = image
        self.toc = toc
    }

    enum CodingKeys: String, CodingKey {
        case title, url, image, toc
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }
}

/// A subscribed feed, with what its items gave.
public struct FeedSummary: Sendable, Equatable, Codable {
    public var id: Int64
    public var url: String
    public var title: String?
    public var author: String?
    public var language: String?
    public var image: String?
    public var link: String?
    public var addedAt: String
    public var syncedAt: String?
    /// Items seen in the feed.
    public var items: Int
    /// Items whose transcript is in the library.
    public var episodes: Int
    /// Items that publish no transcript (the audio issue transcribes them).
    public var withoutTranscript: Int
    /// Items whose transcript could not be had; `FeedItemSummary.error` says why.
    public var failed: Int

    enum CodingKeys: String, CodingKey {
        case id, url, title, author, language, image, link, items, episodes, failed
        case addedAt = "added_at"
        case syncedAt = "synced_at"
        case withoutTranscript = "without_transcript"
    }
}

/// One item of a feed as stored.
public struct FeedItemSummary: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Its transcript is in the library as `episodeID`.
        case imported
        /// The item publishes no transcript.
        case noTranscript = "no-transcript"
        /// The transcript could not be downloaded or read; `error` says why.
        case failed
    }

    public var guid: String
    public var title: String
    public var published: String?
    public var status: Status
    public var episodeID: Int64?
    public var transcriptURL: String?
    public var enclosureURL: String?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case guid, title, published, status, error
        case episodeID = "episode_id"
        case transcriptURL = "transcript_url"
        case enclosureURL = "enclosure_url"
    }
}

/// What the library remembers of one item, so that the next sync asks only for what changed.
public struct FeedItemState: Sendable, Equatable {
    public var transcriptURL: String?
    public var transcript: HTTPValidators
    public var chaptersURL: String?
    public var chapters: HTTPValidators
    public var episodeID: Int64?
    /// The last sync could not get the item's transcript.
    public var failed: Bool
}

/// The channel's fields and the feed document's validators, after a fetch.
public struct FeedChannelUpdate: Sendable {
    public var title: String?
    public var author: String?
    public var language: String?
    public var image: String?
    public var link: String?
    public var validators: HTTPValidators

    public init(
        title: String?, author: String?, language: String?, image: String?, link: String?, validators: HTTPValidators
    ) {
        self.title = title
        self.author = author
        self.language = language
        self.image = image
        self.link = link
        self.validators = validators
    }
}

/// Everything one sync learnt about one item, stored by ``Library/storeFeedItem(_:)`` in one transaction.
public struct FeedItemUpdate: Sendable {
    public var feedID: Int64
    public var guid: String
    /// Title, show, episode URL, date, duration, hosts and guests, as the feed gives them.
    public var metadata: EpisodeMetadata
    public var link: String?
    public var enclosureURL: String?
    public var enclosureType: String?
    public var transcriptURL: String?
    public var transcriptType: String?
    /// The validators to keep for the transcript: the new download's, or the stored ones when nothing new came.
    public var transcriptValidators: HTTPValidators
    public var chaptersURL: String?
    public var chaptersValidators: HTTPValidators
    /// A newly downloaded transcript, parsed; `nil` when none was downloaded (unchanged, none published, failed).
    public var transcript: PreparedImport?
    /// Newly downloaded creator chapters; `nil` keeps the stored ones.
    public var chapters: [CreatorChapter]?
    /// Why the transcript (or chapters) could not be had.
    public var error: String?

    public init(feedID: Int64, guid: String, metadata: EpisodeMetadata) {
        self.feedID = feedID
        self.guid = guid
        self.metadata = metadata
        self.transcriptValidators = HTTPValidators()
        self.chaptersValidators = HTTPValidators()
    }
}

/// What storing one item did.
public struct FeedItemResult: Sendable, Equatable, Codable {
    public enum Change: String, Sendable, Codable {
        /// A new episode was stored.
        case imported
        /// The transcript changed; the episode was replaced (new id).
        case replaced
        /// The transcript is as stored; metadata and chapters were refreshed.
        case unchanged
        /// No transcript is published for the item.
        case noTranscript = "no-transcript"
        /// The transcript could not be had; see `error`.
        case failed
    }

    public var guid: String
    public var title: String
    public var change: Change
    public var episodeID: Int64?
    public var error: String?

    public init(guid: String, title: String, change: Change, episodeID: Int64? = nil, error: String? = nil) {
        self.guid = guid
        self.title = title
        self.change = change
        self.episodeID = episodeID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case guid, title, change, error
        case episodeID = "episode_id"
    }
}

extension Library {
    /// Subscribes to `url` (idempotent): its id, and whether it is new.
    public func addFeed(url: String) throws -> (id: Int64, added: Bool) {
        try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ?", arguments: [url]) {
                return (id, false)
            }
            try db.execute(
                sql: "INSERT INTO feed (url, added_at) VALUES (?, ?)", arguments: [url, Self.timestamp()])
            return (db.lastInsertedRowID, true)
        }
    }

    /// Every subscribed feed, oldest first.
    public func feeds() throws -> [FeedSummary] { try viewing { try $0.feeds() } }

    /// One feed by id.
    public func feed(_ id: Int64) throws -> FeedSummary { try viewing { try $0.feed(id) } }

    /// A feed named by id, URL or title (exact, then unique prefix, ignoring case).
    /// - Throws: ``LibraryError`` (not found) when no feed, or more than one, matches.
    public func resolveFeed(_ reference: String) throws -> Int64 { try viewing { try $0.resolveFeed(reference) } }

    /// The items of one feed, newest first.
    public func feedItems(_ feedID: Int64) throws -> [FeedItemSummary] { try viewing { try $0.feedItems(feedID) } }

    /// The feed's URL and validators, and what each stored item last gave, keyed by guid.
    public func feedState(_ feedID: Int64) throws -> (
        url: String, validators: HTTPValidators, items: [String: FeedItemState]
    ) {
        let path = self.path ?? ":memory:"
        return try read { db in
            guard let feed = try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE id = ?", arguments: [feedID]) else {
                throw LibraryError(path: path, reason: "no feed \(feedID)", kind: .notFound)
            }
            var items: [String: FeedItemState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM feed_item WHERE feed_id = ?", arguments: [feedID]) {
                items[row["guid"]] = FeedItemState(
                    transcriptURL: row["transcript_url"],
                    transcript: HTTPValidators(
                        etag: row["transcript_etag"], lastModified: row["transcript_last_modified"]),
                    chaptersURL: row["chapters_url"],
                    chapters: HTTPValidators(etag: row["chapters_etag"], lastModified: row["chapters_last_modified"]),
                    episodeID: row["episode_id"], failed: row["status"] == "failed")
            }
            return (feed["url"], HTTPValidators(etag: feed["etag"], lastModified: feed["last_modified"]), items)
        }
    }

    /// Records a fetch of the feed document: the channel's fields (when it was downloaded) and the sync time.
    public func updateFeed(_ feedID: Int64, channel: FeedChannelUpdate?) throws {
        let now = Self.timestamp()
        try write { db in
            if let channel {
                try db.execute(
                    sql: """
                        UPDATE feed SET title = ?, author = ?, language = ?, image = ?, link = ?, etag = ?,
                                        last_modified = ?, synced_at = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        channel.title, channel.author, channel.language, channel.image, channel.link,
                        channel.validators.etag, channel.validators.lastModified, now, feedID,
                    ])
            } else {
                try db.execute(sql: "UPDATE feed SET synced_at = ? WHERE id = ?", arguments: [now, feedID])
            }
        }
    }

    /// Unsubscribes. Episodes stay in the library unless `deleteEpisodes`, and then only those the feed stored itself
    /// and no other feed shares; returns how many were deleted.
    public func removeFeed(_ feedID: Int64, deleteEpisodes: Bool) throws -> Int {
        try write { db in
            var deleted = 0
            if deleteEpisodes {
                let sources = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT e.source_id FROM feed_item i JOIN episode e ON e.id = i.episode_id
                        WHERE i.feed_id = ? AND i.owns_source
                          AND NOT EXISTS (SELECT 1 FROM feed_item o
                                          WHERE o.episode_id = i.episode_id AND o.feed_id <> i.feed_id)
                        """, arguments: [feedID])
                for source in sources {
                    deleted +=
                        try Int.fetchOne(
                            db, sql: "SELECT count(*) FROM episode WHERE source_id = ?", arguments: [source]) ?? 0
                    try db.execute(sql: "DELETE FROM import_source WHERE id = ?", arguments: [source])
                }
            }
            try db.execute(sql: "DELETE FROM feed WHERE id = ?", arguments: [feedID])
            return deleted
        }
    }

    /// Stores what a sync learnt about one item in one transaction: a new or changed transcript as an episode
    /// (a changed one replaces the old episode, keeping the creator's chapters unless new ones came), the item's
    /// metadata on its episode, the creator's chapters, and the item row. Idempotent by guid.
    public func storeFeedItem(_ update: FeedItemUpdate) throws -> FeedItemResult {
        let now = Self.timestamp()
        return try write { db in
            let stored = try Row.fetchOne(
                db, sql: "SELECT episode_id, owns_source FROM feed_item WHERE feed_id = ? AND guid = ?",
                arguments: [update.feedID, update.guid])
            var episodeID: Int64? = stored?["episode_id"]
            var ownsSource: Bool = stored?["owns_source"] ?? false
            var change: FeedItemResult.Change = episodeID == nil ? .noTranscript : .unchanged
            var chapters = update.chapters
            if let prepared = update.transcript, let episode = prepared.episodes.first {
                let storedSHA = try episodeID.flatMap { id in
                    try String.fetchOne(
                        db,
                        sql: "SELECT s.sha256 FROM episode e JOIN import_source s ON s.id = e.source_id WHERE e.id = ?",
                        arguments: [id])
                }
                if storedSHA != prepared.sha256 {
                    if let old = episodeID {
                        if chapters == nil { chapters = try Self.creatorChapters(episode: old, db) }
                        // Only an episode this item stored, and no other item shares, is replaced; a transcript
                        // the library held before (a file import, another feed) stays as it is.
                        let shared =
                            try Bool.fetchOne(
                                db,
                                sql: """
                                    SELECT 1 FROM feed_item WHERE episode_id = ? AND NOT (feed_id = ? AND guid = ?)
                                    """, arguments: [old, update.feedID, update.guid]) ?? false
                        if ownsSource && !shared {
                            try db.execute(
                                sql:
                                    "DELETE FROM import_source WHERE id = (SELECT source_id FROM episode WHERE id = ?)",
                                arguments: [old])
                        }
                    }
                    if let same = try SourceRecord.filter(Column("sha256") == prepared.sha256).fetchOne(db) {
                        // The same transcript is already in the library (another feed, or a file import).
                        episodeID = try Int64.fetchOne(
                            db, sql: "SELECT id FROM episode WHERE source_id = ? ORDER BY source_index",
                            arguments: [same.id!])
                        ownsSource = false
                    } else {
                        let source = SourceRecord(
                            id: nil, path: prepared.request.path, format: prepared.format.rawValue,
                            sha256: prepared.sha256, bytes: prepared.bytes, importedAt: now)
                        episodeID = try Self.insert(source, episodes: [episode], db).first
                        ownsSource = true
                    }
                    change = storedSHA == nil ? .imported : .replaced
                }
            } else if episodeID == nil, update.error != nil {
                change = .failed
            }
            if let episodeID {
                try Self.applyFeedMetadata(update.metadata, episode: episodeID, db)
                if let chapters { try Self.replaceCreatorChapters(chapters, episode: episodeID, db) }
            }
            let status: FeedItemSummary.Status =
                episodeID != nil ? .imported : update.error != nil ? .failed : .noTranscript
            try db.execute(
                sql: """
                    INSERT INTO feed_item (feed_id, guid, title, published, duration_ms, link, enclosure_url,
                        enclosure_type, transcript_url, transcript_type, transcript_etag, transcript_last_modified,
                        chapters_url, chapters_etag, chapters_last_modified, episode_id, status, error, seen_at,
                        owns_source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (feed_id, guid) DO UPDATE SET
                        title = excluded.title, published = excluded.published, duration_ms = excluded.duration_ms,
                        link = excluded.link, enclosure_url = excluded.enclosure_url,
                        enclosure_type = excluded.enclosure_type, transcript_url = excluded.transcript_url,
                        transcript_type = excluded.transcript_type, transcript_etag = excluded.transcript_etag,
                        transcript_last_modified = excluded.transcript_last_modified,
                        chapters_url = excluded.chapters_url, chapters_etag = excluded.chapters_etag,
                        chapters_last_modified = excluded.chapters_last_modified, episode_id = excluded.episode_id,
                        status = excluded.status, error = excluded.error, seen_at = excluded.seen_at,
                        owns_source = excluded.owns_source
                    """,
                arguments: [
                    update.feedID, update.guid, update.metadata.title ?? update.guid, update.metadata.published,
                    update.metadata.durationSeconds.map { Int(($0 * 1000).rounded()) }, update.link,
                    update.enclosureURL, update.enclosureType, update.transcriptURL, update.transcriptType,
                    update.transcriptValidators.etag, update.transcriptValidators.lastModified, update.chaptersURL,
                    update.chaptersValidators.etag, update.chaptersValidators.lastModified, episodeID,
                    status.rawValue, update.error, now, episodeID != nil && ownsSource,
                ])
            return FeedItemResult(
                guid: update.guid, title: update.metadata.title ?? update.guid, change: change, episodeID: episodeID,
                error: update.error)
        }
    }

    /// Items of a feed that publish no transcript but have an enclosure: what `--transcribe` transcribes. Each with
    /// the feed's metadata for its episode.
    public func feedItemsWithoutTranscript(_ feedID: Int64) throws -> [(
        guid: String, enclosureURL: String, metadata: EpisodeMetadata
    )] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.guid, i.title, i.published, i.duration_ms, i.link, i.enclosure_url, f.title AS show
                    FROM feed_item i JOIN feed f ON f.id = i.feed_id
                    WHERE i.feed_id = ? AND i.episode_id IS NULL AND i.transcript_url IS NULL
                      AND i.enclosure_url IS NOT NULL
                    ORDER BY i.published DESC, i.title
                    """, arguments: [feedID]
            ).map { row in
                let enclosure: String = row["enclosure_url"]
                return (
                    row["guid"], enclosure,
                    EpisodeMetadata(
                        title: row["title"], show: row["show"], url: row["link"] ?? enclosure,
                        published: row["published"], durationSeconds: (row["duration_ms"] as Int?).map(seconds))
                )
            }
        }
    }

    /// Records that an item's audio was transcribed into `episodeID`; `ownsSource` when this transcription stored it
    /// (not when the same audio was in the library before).
    public func linkFeedItem(feedID: Int64, guid: String, episodeID: Int64, ownsSource: Bool) throws {
        try write { db in
            try db.execute(
                sql:
                    "UPDATE feed_item SET episode_id = ?, status = 'imported', error = NULL WHERE feed_id = ? AND guid = ?",
                arguments: [episodeID, feedID, guid])
        }
    }

    /// Records why an item's audio could not be transcribed; the item stays without an episode.
    public func noteFeedItemError(feedID: Int64, guid: String, error: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE feed_item SET error = ? WHERE feed_id = ? AND guid = ?", arguments: [error, feedID, guid])
        }
    }

    /// The creator's chapters of an episode, in order.
    public func creatorChapters(episode id: Int64) throws -> [CreatorChapter] {
        try read { db in try Self.creatorChapters(episode: id, db) }
    }

    static func creatorChapters(episode id: Int64, _ db: Database) throws -> [CreatorChapter] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM creator_chapter WHERE episode_id = ? ORDER BY ordinal", arguments: [id]
        ).map { row in
            CreatorChapter(
                startSeconds: seconds(row["start_ms"]), endSeconds: (row["end_ms"] as Int?).map(seconds),
                title: row["title"], url: row["url"], image: row["image"], toc: row["toc"])
        }
    }

    private static func replaceCreatorChapters(_ chapters: [CreatorChapter], episode id: Int64, _ db: Database)
        throws
    {
        try db.execute(sql: "DELETE FROM creator_chapter WHERE episode_id = ?", arguments: [id])
        for (ordinal, chapter) in chapters.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO creator_chapter (episode_id, ordinal, title, start_ms, end_ms, url, image, toc)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, ordinal, chapter.title, Int((chapter.startSeconds * 1000).rounded()),
                    chapter.endSeconds.map { Int(($0 * 1000).rounded()) }, chapter.url, chapter.image, chapter.toc,
                ])
        }
    }

    /// The feed is the authority on an item's title, link, date, duration, show and people.
    private static func applyFeedMetadata(_ metadata: EpisodeMetadata, episode id: Int64, _ db: Database) throws {
        guard var record = try EpisodeRecord.fetchOne(db, key: id) else { return }
        if let title = metadata.title, !title.isEmpty { record.title = title }
        if let url = metadata.url { record.url = url }
        if let published = metadata.published { record.published = published }
        if let duration = metadata.durationSeconds { record.durationMs = Int((duration * 1000).rounded()) }
        if let show = metadata.show { record.showId = try ShowRecord.findOrCreate(named: show, in: db) }
        if !metadata.hosts.isEmpty { record.hosts = metadata.hosts }
        if !metadata.guests.isEmpty { record.guests = metadata.guests }
        try record.update(db)
    }

    fileprivate static func feedSummaries(_ db: Database, where condition: String, arguments: StatementArguments) throws
        -> [FeedSummary]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT f.*,
                    (SELECT count(*) FROM feed_item i WHERE i.feed_id = f.id) AS items,
                    (SELECT count(*) FROM feed_item i WHERE i.feed_id = f.id AND i.episode_id IS NOT NULL) AS episodes,
                    (SELECT count(*) FROM feed_item i WHERE i.feed_id = f.id AND i.status = 'no-transcript') AS bare,
                    (SELECT count(*) FROM feed_item i WHERE i.feed_id = f.id AND i.status = 'failed') AS failed
                FROM feed f WHERE \(condition) ORDER BY f.id
                """, arguments: arguments
        ).map { row in
            FeedSummary(
                id: row["id"], url: row["url"], title: row["title"], author: row["author"], language: row["language"],
                image: row["image"], link: row["link"], addedAt: row["added_at"], syncedAt: row["synced_at"],
                items: row["items"], episodes: row["episodes"], withoutTranscript: row["bare"], failed: row["failed"])
        }
    }
}

/// A feed with its items, as the API, the MCP tools and `podbot feed show --json` print it.
public struct FeedWithItems: Sendable, Encodable {
    public var feed: FeedSummary
    public var items: [FeedItemSummary]

    public init(feed: FeedSummary, items: [FeedItemSummary]) {
        self.feed = feed
        self.items = items
    }
}

extension LibrarySnapshot {
    /// A feed named by id, URL or title (exact, then unique prefix, ignoring case).
    /// - Throws: ``LibraryError`` (not found) when no feed, or more than one, matches.
    public func resolveFeed(_ reference: String) throws -> Int64 {
        if let id = Int64(reference),
            try Bool.fetchOne(db, sql: "SELECT 1 FROM feed WHERE id = ?", arguments: [id]) == true
        {
            return id
        }
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ?", arguments: [reference]) {
            return id
        }
        let exact = try Int64.fetchAll(
            db, sql: "SELECT id FROM feed WHERE title = ? COLLATE NOCASE", arguments: [reference])
        if exact.count == 1 { return exact[0] }
        let prefixed = try Row.fetchAll(
            db, sql: "SELECT id, title FROM feed WHERE title LIKE ? ESCAPE '\\' ORDER BY id",
            arguments: [Library.escapeLike(reference) + "%"])
        guard prefixed.count == 1 else {
            let names = prefixed.prefix(5).map { "\($0["id"] as Int64): \($0["title"] as String? ?? "")" }
            throw LibraryError(
                path: path,
                reason: prefixed.isEmpty
                    ? "no feed \"\(reference)\"; `podbot feed list` shows them"
                    : "\"\(reference)\" matches \(prefixed.count) feeds (\(names.joined(separator: "; "))); use an id",
                kind: .notFound)
        }
        return prefixed[0]["id"]
    }

    /// Every subscribed feed, oldest first.
    public func feeds() throws -> [FeedSummary] { try Library.feedSummaries(db, where: "1", arguments: []) }

    /// One feed by id.
    /// - Throws: ``LibraryError`` (not found).
    public func feed(_ id: Int64) throws -> FeedSummary {
        guard let feed = try Library.feedSummaries(db, where: "f.id = ?", arguments: [id]).first else {
            throw LibraryError(path: path, reason: "no feed \(id)", kind: .notFound)
        }
        return feed
    }

    /// The items of one feed, newest first.
    public func feedItems(_ feedID: Int64) throws -> [FeedItemSummary] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT guid, title, published, status, episode_id, transcript_url, enclosure_url, error
                FROM feed_item WHERE feed_id = ? ORDER BY published DESC, title
                """, arguments: [feedID]
        ).map { row in
            FeedItemSummary(
                guid: row["guid"], title: row["title"], published: row["published"],
                status: FeedItemSummary.Status(rawValue: row["status"]) ?? .failed, episodeID: row["episode_id"],
                transcriptURL: row["transcript_url"], enclosureURL: row["enclosure_url"], error: row["error"])
        }
    }
}
