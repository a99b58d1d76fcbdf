import PodbotInference
import PodbotLibrary

/// An episode's transcript as chunk inputs, with what enrichment needs to know about it.
struct EpisodeText: Sendable {
    var id: Int64
    var title: String
    var timed: Bool
    var durationSeconds: Double?
    var segments: [ChunkInput]

    init(id: Int64, title: String, timed: Bool, durationSeconds: Double?, segments: [ChunkInput]) {
        self.id = id
        self.title = title
        self.timed = timed
        self.durationSeconds = durationSeconds
        self.segments = segments
    }

    /// Reads episode `id`'s stored segments (the domain model, not `podbot show`'s JSON shape).
    init(library: Library, episode id: Int64) throws {
        let stored = try library.storedTranscript(episode: id)
        self.id = id
        title = stored.title
        timed = stored.hasTimestamps
        durationSeconds = stored.durationMs.map { Double($0) / 1000 }
        segments = stored.segments.map {
            ChunkInput(
                text: $0.text, speaker: $0.speaker, startSeconds: $0.startMs.map { Double($0) / 1000 },
                endSeconds: $0.endMs.map { Double($0) / 1000 })
        }
    }

    /// Checks `settings`, reads episode `id` and cuts it into chunks of `generator`'s tokens: how every enrichment
    /// job starts.
    /// - Parameter purpose: what the job does, for the error about an empty transcript ("summarize").
    static func chunked(
        _ id: Int64, library: Library, generator: any TextGenerator, settings: EnrichmentSettings, purpose: String
    ) async throws -> (EpisodeText, [TranscriptChunk]) {
        try settings.validate()
        let episode = try EpisodeText(library: library, episode: id)
        let chunks = try await Chunker(parameters: settings.chunking).chunks(of: episode.segments) {
            try await generator.countTokens($0)
        }
        guard !chunks.isEmpty else { throw EnrichmentError("\(episode.name) has no transcript text to \(purpose)") }
        return (episode, chunks)
    }

    /// How errors name the episode.
    var name: String { "episode \(id) (\(title.prefix(60)))" }
}
