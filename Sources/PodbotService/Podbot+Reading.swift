import PodbotLibrary

/// What the front ends read of the library besides searches and asks: the episodes, one episode, a transcript page
/// with its passages, exports and feeds. Each call reads one snapshot (an import committing meanwhile is seen whole
/// or not at all), off Swift's cooperative pool.
extension Podbot {
    /// Every episode, newest publication first; with `show`, only the episodes of the show of that name (any case).
    public func episodes(show: String? = nil) async throws -> [EpisodeSummary] {
        let episodes = try await library.reading { try $0.episodes() }
        guard let show else { return episodes }
        return episodes.filter { $0.isInShow(show) }
    }

    /// The episode `reference` names: its id, its title, or the one title that starts with it (any case).
    /// - Throws: ``LibraryError`` (not found) when no episode, or more than one, matches.
    public func resolveEpisode(_ reference: String) async throws -> Int64 {
        try await library.reading { try $0.resolveEpisode(reference) }
    }

    /// The ids of `ids` that name no episode, in order.
    public func missingEpisodes(_ ids: [Int64]) async throws -> [Int64] {
        try await library.reading { snapshot in try ids.filter { try !snapshot.hasEpisode($0) } }
    }

    /// Episode `id` with its summary, chapters and questions, and the transcript segments `segments` (ordinals;
    /// all when `nil`: a front end that serves strangers reads a page, an episode can hold millions of words).
    /// - Throws: ``LibraryError`` (not found).
    public func episode(_ id: Int64, segments: Range<Int>? = nil) async throws -> EpisodeDetail {
        try await library.reading { try $0.episode(id, segments: segments) }
    }

    /// Episode `id` with the transcript segments `segments`, and the passages that hold them: what a transcript
    /// page shows and links citations to.
    public func transcriptPage(episode id: Int64, segments: Range<Int>) async throws -> TranscriptPage {
        try await library.reading { snapshot in
            TranscriptPage(
                detail: try snapshot.episode(id, segments: segments),
                passages: try snapshot.passages(episode: id, segments: segments))
        }
    }

    /// Episode `id` as a file of `format`.
    /// - Throws: ``LibraryError``: not found, or invalid input for subtitles or chapters of an untimed episode.
    public func export(episode id: Int64, as format: EpisodeExportFormat) async throws -> ExportedEpisode {
        try await library.reading { try $0.export(episode: id, as: format) }
    }

    /// Episodes (every episode when `ids` is `nil`) as CSV in the reference bot's schema, passed to `write` a row at
    /// a time, all from one snapshot.
    /// - Throws: ``LibraryError`` (not found) before anything is written; what `write` throws.
    public func exportCSV(episodes ids: [Int64]? = nil, write: @escaping @Sendable (String) throws -> Void)
        async throws
    {
        try await library.reading { try $0.exportCSV(episodes: ids, write: write) }
    }

    /// Every subscribed feed, oldest first.
    public func feeds() async throws -> [FeedSummary] {
        try await library.reading { try $0.feeds() }
    }

    /// Every subscribed feed with its items.
    public func feedsWithItems() async throws -> [FeedWithItems] {
        try await library.reading { snapshot in
            try snapshot.feeds().map { FeedWithItems(feed: $0, items: try snapshot.feedItems($0.id)) }
        }
    }

    /// Feed `id` with its items, newest first.
    /// - Throws: ``LibraryError`` (not found).
    public func feed(_ id: Int64) async throws -> FeedWithItems {
        try await library.reading { snapshot in
            FeedWithItems(feed: try snapshot.feed(id), items: try snapshot.feedItems(id))
        }
    }
}

/// A page of an episode's transcript and the passages that hold its segments.
public struct TranscriptPage: Sendable {
    public var detail: EpisodeDetail
    public var passages: [Passage]
}
