import Foundation
import PodbotLibrary
import PodbotTranscript

/// Size limits for what a sync downloads.
public struct FeedLimits: Sendable {
    public var feedBytes: Int
    public var transcriptBytes: Int
    public var chaptersBytes: Int
    /// An episode's audio, for `--transcribe`: 1 GiB is about 18 hours of 128 kbit/s MP3.
    public var audioBytes: Int

    public init(
        feedBytes: Int = 32 << 20, transcriptBytes: Int = ImportLimits.default.maxBytes, chaptersBytes: Int = 4 << 20,
        audioBytes: Int = 1 << 30
    ) {
        self.feedBytes = feedBytes
        self.transcriptBytes = transcriptBytes
        self.chaptersBytes = chaptersBytes
        self.audioBytes = audioBytes
    }
}

/// What one sync of one feed did.
public struct FeedSyncReport: Sendable, Equatable, Codable {
    public var feed: FeedSummary
    /// The feed document was not modified since the last sync (HTTP 304): no item was looked at.
    public var feedUnchanged: Bool
    /// Each item the feed lists, in the feed's order.
    public var items: [FeedItemResult]

    /// How many items had `change`.
    public func count(_ change: FeedItemResult.Change) -> Int { items.count { $0.change == change } }

    enum CodingKeys: String, CodingKey {
        case feed, items
        case feedUnchanged = "feed_unchanged"
    }
}

/// One stored item of a sync in progress.
public struct FeedItemProgress: Sendable {
    public var result: FeedItemResult
    /// Items stored so far, and how many the feed lists.
    public var done: Int
    public var total: Int
}

/// Subscribing to feeds and syncing them: the one implementation behind `podbot feed`, the API and MCP.
///
/// A sync downloads the feed (conditionally), then each item's best transcript and the creator's chapters
/// (conditionally, when they were stored before), and stores each item in its own transaction. A failure of one
/// item is recorded on that item and the others go on; the next sync tries it again.
public struct FeedService: Sendable {
    public let library: Library
    public let fetcher: ResourceFetcher
    public let limits: FeedLimits
    /// Items downloaded and parsed at once.
    public let concurrentItems: Int

    public init(
        library: Library, fetcher: ResourceFetcher = ResourceFetcher(), limits: FeedLimits = FeedLimits(),
        concurrentItems: Int = 4
    ) {
        self.library = library
        self.fetcher = fetcher
        self.limits = limits
        self.concurrentItems = max(1, concurrentItems)
    }

    /// One line on what a sync did: "Data Hour (feed 1): 3 items: 2 new, 1 without a transcript."
    public static func describe(_ report: FeedSyncReport) -> String {
        let title = report.feed.title ?? report.feed.url
        if report.feedUnchanged { return "\(title) (feed \(report.feed.id)): not modified since the last sync." }
        let counts = [
            ("new", report.count(.imported)), ("replaced", report.count(.replaced)),
            ("unchanged", report.count(.unchanged)), ("without a transcript", report.count(.noTranscript)),
            ("failed", report.count(.failed)),
        ].filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        return "\(title) (feed \(report.feed.id)): \(report.items.count) items: \(counts.joined(separator: ", "))."
    }

    /// Subscribes to a feed URL or file and syncs it. The feed is fetched and read before anything is stored,
    /// so a bad feed leaves no subscription behind. Adding a feed again syncs it.
    /// - Throws: `FeedError` for a feed that cannot be fetched or read, `LibraryError` for storage.
    public func add(_ reference: String, onItem: @Sendable (FeedItemProgress) -> Void = { _ in }) async throws
        -> FeedSyncReport
    {
        let location = try ResourceLocation.given(reference)
        guard case .fetched(let bytes, let validators) = try await fetcher.fetch(location, maxBytes: limits.feedBytes)
        else { throw FeedError(source: location.description, reason: "the server answered 304 to a plain GET") }
        let document = try FeedParser.parse(bytes, source: location.description)
        let feedID = try library.addFeed(url: location.description).id
        return try await store(document, validators: validators, feedID: feedID, location: location, onItem: onItem)
    }

    /// Syncs one subscribed feed. An unchanged feed (HTTP 304) is not read again, unless an item failed last time.
    public func sync(_ feedID: Int64, onItem: @Sendable (FeedItemProgress) -> Void = { _ in }) async throws
        -> FeedSyncReport
    {
        let state = try library.feedState(feedID)
        let location = try ResourceLocation.given(state.url)
        let retry = state.items.values.contains { $0.failed }
        let outcome = try await fetcher.fetch(
            location, validators: retry ? HTTPValidators() : state.validators, maxBytes: limits.feedBytes)
        guard case .fetched(let bytes, let validators) = outcome else {
            try library.updateFeed(feedID, channel: nil)
            return FeedSyncReport(feed: try library.feed(feedID), feedUnchanged: true, items: [])
        }
        let document = try FeedParser.parse(bytes, source: location.description)
        return try await store(document, validators: validators, feedID: feedID, location: location, onItem: onItem)
    }

    /// Every subscribed feed.
    public func list() throws -> [FeedSummary] { try library.feeds() }

    /// Transcribes the items of a feed that publish no transcript (`--transcribe`): downloads each enclosure into
    /// `audioFolder` (resumably, within ``FeedLimits/audioBytes``), imports it as audio with `transcriber` (which
    /// stores each finished window, so a killed run resumes), links the episode to its item and deletes the
    /// download. One item's failure is recorded on it and the others go on.
    public func transcribeMissing(
        _ feedID: Int64, transcriber: any SpeechTranscriber, audioFolder: String,
        onItem: @Sendable (FeedItemProgress) -> Void = { _ in },
        onAudio: TranscriptionProgressHandler? = nil
    ) async throws -> [FeedItemResult] {
        let feedURL = try library.feedState(feedID).url
        let base = try ResourceLocation.given(feedURL)
        let items = try library.feedItemsWithoutTranscript(feedID)
        let folder = URL(fileURLWithPath: audioFolder).appendingPathComponent("feed-\(feedID)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var results: [FeedItemResult] = []
        for item in items {
            try Task.checkCancellation()
            let title = item.metadata.title ?? item.guid
            var result = FeedItemResult(guid: item.guid, title: title, change: .failed, episodeID: nil, error: nil)
            do {
                let location = try ResourceLocation.resolve(item.enclosureURL, against: base)
                // One file per item, named by a digest of its guid and keeping the enclosure's extension.
                let suffix = URL(string: item.enclosureURL)?.pathExtension.lowercased() ?? ""
                let name = SHA256.hex(Array(item.guid.utf8)).prefix(24) + (suffix.isEmpty ? "" : "." + suffix)
                let path = try await fetcher.download(
                    location, to: folder.appendingPathComponent(String(name)).path, maxBytes: limits.audioBytes)
                let request = ImportRequest(path: path, format: .audio, metadata: item.metadata)
                let report = try await library.importAudio(request, transcriber: transcriber, progress: onAudio)
                guard let episode = report.episodeIDs.first else { continue }
                try await Blocking.run { [library] in
                    try library.linkFeedItem(
                        feedID: feedID, guid: item.guid, episodeID: episode, ownsSource: report.status != .unchanged)
                }
                // The download was only for the transcript: hundreds of MB an episode would pile up otherwise.
                if case .web = location { try? FileManager.default.removeItem(atPath: path) }
                result.change = .imported
                result.episodeID = episode
            } catch let error where !(error is CancellationError) {
                result.error = String(describing: error)
                try library.noteFeedItemError(feedID: feedID, guid: item.guid, error: result.error!)
            }
            results.append(result)
            onItem(FeedItemProgress(result: result, done: results.count, total: items.count))
        }
        return results
    }

    /// Unsubscribes from a feed named by id, URL or title; its episodes stay unless `deleteEpisodes`.
    public func remove(_ reference: String, deleteEpisodes: Bool) throws -> (feed: FeedSummary, deleted: Int) {
        let feed = try library.feed(library.resolveFeed(reference))
        return (feed, try library.removeFeed(feed.id, deleteEpisodes: deleteEpisodes))
    }

    private func store(
        _ document: FeedDocument, validators: HTTPValidators, feedID: Int64, location: ResourceLocation,
        onItem: @Sendable (FeedItemProgress) -> Void
    ) async throws -> FeedSyncReport {
        let channel = document.channel
        let prior = try library.feedState(feedID).items
        let items = document.items
        var results: [FeedItemResult] = []
        // Up to `concurrentItems` items are downloaded and parsed at once, on both cores, while they are stored
        // one by one in the feed's order.
        try await withThrowingTaskGroup(of: (Int, FeedItemUpdate).self) { group in
            var launched = 0
            func launch() {
                guard launched < items.count else { return }
                let index = launched
                launched += 1
                group.addTask {
                    let update = await self.update(
                        for: items[index], channel: channel, feedID: feedID, base: location,
                        prior: prior[items[index].guid])
                    return (index, update)
                }
            }
            for _ in 0..<concurrentItems { launch() }
            var ready: [Int: FeedItemUpdate] = [:]
            while let (index, update) = try await group.next() {
                ready[index] = update
                while let next = ready.removeValue(forKey: results.count) {
                    // Between items: each is its own transaction, so a cancelled sync keeps what it stored.
                    try Task.checkCancellation()
                    let result = try await Blocking.run { [library] in try library.storeFeedItem(next) }
                    results.append(result)
                    onItem(FeedItemProgress(result: result, done: results.count, total: items.count))
                    launch()
                }
            }
        }
        // The feed's validators are stored last: a sync interrupted before this point fetches the feed again.
        try library.updateFeed(
            feedID,
            channel: FeedChannelUpdate(
                title: channel.title, author: channel.author, language: channel.language, image: channel.image,
                link: channel.link, validators: validators))
        return FeedSyncReport(feed: try library.feed(feedID), feedUnchanged: false, items: results)
    }

    /// Downloads what changed for one item and prepares it for storage; failures are recorded, not thrown.
    private func update(
        for item: FeedItem, channel: FeedChannel, feedID: Int64, base: ResourceLocation, prior: FeedItemState?
    ) async -> FeedItemUpdate {
        var update = FeedItemUpdate(feedID: feedID, guid: item.guid, metadata: Self.metadata(item, channel: channel))
        update.link = item.link
        update.enclosureURL = item.enclosure?.url
        update.enclosureType = item.enclosure?.type
        var problems: [String] = []
        let stored = prior?.episodeID != nil
        if let link = item.bestTranscript {
            update.transcriptURL = link.url
            let known = stored && prior?.transcriptURL == link.url ? prior?.transcript : nil
            update.transcriptType = link.type
            do {
                let (location, bytes, validators) = try await refresh(
                    link.url, against: base, known: known, maxBytes: limits.transcriptBytes)
                update.transcriptValidators = validators
                if let bytes {
                    let request = ImportRequest(
                        path: location.description, format: Self.format(link.kind), metadata: update.metadata)
                    update.transcript = try await Blocking.run { try Library.prepareImport(request, bytes: bytes) }
                }
            } catch {
                problems.append(String(describing: error))
                update.transcriptValidators = known ?? HTTPValidators()
            }
        }
        if let chapters = item.chapters {
            update.chaptersURL = chapters.url
            let known = stored && prior?.chaptersURL == chapters.url ? prior?.chapters : nil
            do {
                let (location, bytes, validators) = try await refresh(
                    chapters.url, against: base, known: known, maxBytes: limits.chaptersBytes)
                update.chaptersValidators = validators
                if let bytes { update.chapters = try ChaptersParser.parse(bytes, source: location.description) }
            } catch {
                problems.append(String(describing: error))
                update.chaptersValidators = known ?? HTTPValidators()
            }
        }
        update.error = problems.isEmpty ? nil : problems.joined(separator: "; ")
        return update
    }

    /// Downloads a document a feed names, unless the copy stored with `known` validators is current: its
    /// location, the new bytes (`nil` when not modified), and the validators to keep.
    private func refresh(_ reference: String, against base: ResourceLocation, known: HTTPValidators?, maxBytes: Int)
        async throws -> (ResourceLocation, [UInt8]?, HTTPValidators)
    {
        let location = try ResourceLocation.resolve(reference, against: base)
        switch try await fetcher.fetch(location, validators: known ?? HTTPValidators(), maxBytes: maxBytes) {
        case .notModified: return (location, nil, known ?? HTTPValidators())
        case .fetched(let bytes, let validators): return (location, bytes, validators)
        }
    }

    /// The feed's facts about an item, which win over whatever the transcript says.
    static func metadata(_ item: FeedItem, channel: FeedChannel) -> EpisodeMetadata {
        let people =
            item.persons.isEmpty ? channel.persons : item.persons + channel.persons.filter { $0.role == "host" }
        func names(_ role: String) -> [String] {
            var seen = Set<String>()
            return people.filter { $0.role == role && seen.insert($0.name).inserted }.map(\.name)
        }
        return EpisodeMetadata(
            title: item.title, show: channel.title, url: item.link ?? item.enclosure?.url, published: item.published,
            durationSeconds: item.durationSeconds, hosts: names("host"), guests: names("guest"))
    }

    /// The parser a transcript type names; JSON and plain text are told apart by their content.
    static func format(_ kind: FeedTranscriptLink.Kind?) -> TranscriptFormat? {
        switch kind {
        case .webvtt: .webvtt
        case .srt: .srt
        case .html: .html
        case .json, .plainText, nil: nil
        }
    }
}
