import PodbotFeeds
import PodbotLibrary
import PodbotTranscript

/// Feeds through the facade: subscribing, syncing, transcribing what a feed publishes no transcript for, and
/// unsubscribing. Whatever changes the library's episodes also makes the next hybrid search load the vectors again,
/// as an import does. `podbot feed`, the JSON API and its jobs call these.
extension Podbot {
    /// The feed `reference` names: its id, its URL, its title, or the one title that starts with it (any case).
    /// - Throws: ``LibraryError`` (not found) when no feed, or more than one, matches.
    public func resolveFeed(_ reference: String) async throws -> Int64 {
        try await library.reading { try $0.resolveFeed(reference) }
    }

    /// Subscribes to a feed URL or file and imports what it publishes (a feed added again is synced). The feed is
    /// fetched and read before anything is stored, so a bad feed leaves no subscription behind.
    /// - Parameter onItem: receives each item as it is stored.
    /// - Throws: `FeedError` for a feed that cannot be fetched or read, ``LibraryError``.
    public func addFeed(_ reference: String, onItem: @Sendable (FeedItemProgress) -> Void = { _ in }) async throws
        -> FeedSyncReport
    {
        let report = try await FeedService(library: library).add(reference, onItem: onItem)
        await forgetVectors(after: report.items)
        return report
    }

    /// Fetches feed `id` again and imports what is new or changed; an unchanged feed is not read again.
    /// - Throws: `FeedError`, ``LibraryError`` (not found).
    public func syncFeed(_ id: Int64, onItem: @Sendable (FeedItemProgress) -> Void = { _ in }) async throws
        -> FeedSyncReport
    {
        let report = try await FeedService(library: library).sync(id, onItem: onItem)
        await forgetVectors(after: report.items)
        return report
    }

    /// Transcribes the items of feed `id` that publish no transcript, downloading each one's audio into
    /// `audioFolder` (resumably) and importing it; see ``FeedService/transcribeMissing(_:transcriber:audioFolder:onItem:onAudio:)``.
    public func transcribeMissing(
        feed id: Int64, transcriber: any SpeechTranscriber, audioFolder: String,
        onItem: @Sendable (FeedItemProgress) -> Void = { _ in }, onAudio: TranscriptionProgressHandler? = nil
    ) async throws -> [FeedItemResult] {
        let results = try await FeedService(library: library).transcribeMissing(
            id, transcriber: transcriber, audioFolder: audioFolder, onItem: onItem, onAudio: onAudio)
        await forgetVectors(after: results)
        return results
    }

    /// Unsubscribes from feed `id`; its episodes stay unless `deleteEpisodes`, and then only those the feed stored
    /// itself and no other feed shares.
    /// - Returns: the feed as it was, and how many episodes were deleted.
    /// - Throws: ``LibraryError`` (not found).
    public func removeFeed(_ id: Int64, deleteEpisodes: Bool) async throws -> (feed: FeedSummary, deleted: Int) {
        let library = self.library
        let removed = try await Blocking.run {
            let feed = try library.feed(id)
            return (feed: feed, deleted: try library.removeFeed(id, deleteEpisodes: deleteEpisodes))
        }
        if removed.deleted > 0 { await models.invalidateVectors() }
        return removed
    }

    /// Makes the next hybrid search load the vectors again when `items` changed an episode.
    private func forgetVectors(after items: [FeedItemResult]) async {
        guard items.contains(where: { $0.change == .imported || $0.change == .replaced }) else { return }
        await models.invalidateVectors()
    }
}
