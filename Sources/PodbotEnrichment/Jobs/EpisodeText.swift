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

    init(library: Library, episode id: Int64) throws {
        let detail = try library.episode(id)
        self.id = id
        title = detail.episode.title
        timed = detail.episode.hasTimestamps
        durationSeconds = detail.episode.durationSeconds
        segments = detail.transcript.map {
            ChunkInput(text: $0.text, speaker: $0.speaker, startSeconds: $0.startSeconds, endSeconds: $0.endSeconds)
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
