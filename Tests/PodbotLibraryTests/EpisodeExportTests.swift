import Foundation
import PodbotLibrary
import PodbotTestSupport
import PodbotTranscript
import Testing

/// Subtitles, Podcasting 2.0 JSON, chapters and Markdown exports of real corpus episodes.
@Suite("Episode export")
struct EpisodeExportTests {
    /// The Latent Space episode: Whisper-timed lines, a speaker change on each cue but no names.
    private func whisperEpisode() async throws -> (Library, Int64) {
        let corpus = try await CorpusLibrary.get()
        return (corpus.library, try #require(corpus.reports[Corpus.whisper]?.episodeIDs.first))
    }

    @Test(arguments: [EpisodeExportFormat.vtt, .srt, .json])
    func timedExportsReimportWithEveryTimeAndWord(_ format: EpisodeExportFormat) async throws {
        let (library, id) = try await whisperEpisode()
        let scratch = ScratchFolder()
        // Exported and imported again on a thread of its own, off the cooperative pool other suites' servers use.
        let (original, reimported) = try await onOwnThread { () throws -> (EpisodeDetail, EpisodeDetail) in
            let text = try library.export(episode: id, as: format)
            let copy = try Library(path: scratch.path("copy.sqlite"))
            let path = try scratch.write("export.\(format.fileExtension)", text)
            let copyID = try #require(try copy.importFile(ImportRequest(path: path)).episodeIDs.first)
            return (try library.episode(id), try copy.episode(copyID))
        }
        let spoken = original.transcript.filter { !$0.text.isEmpty }
        #expect(reimported.source.format == (format == .json ? "podcast-json" : format.rawValue))
        #expect(reimported.transcript.map(\.startSeconds) == spoken.map(\.startSeconds))
        #expect(reimported.transcript.map(\.endSeconds) == spoken.map(\.endSeconds))
        #expect(reimported.episode.words == spoken.map { $0.text.split(separator: " ").count }.reduce(0, +))
    }

    @Test func webVTTCarriesSpeakersAsVoicesAndEscapesMarkup() throws {
        let scratch = ScratchFolder()
        let library = try Library(path: scratch.path("l.sqlite"))
        let source = """
            WEBVTT

            00:00:01.000 --> 00:00:04.000
            <v Ana Lima>Is 1 &lt; 2 &amp; does --&gt; break cues?

            00:00:04.000 --> 00:00:06.500
            <v Ben>No.
            """
        let id = try #require(
            try library.importFile(ImportRequest(path: try scratch.write("a.vtt", source))).episodeIDs.first)
        let vtt = try library.export(episode: id, as: .vtt)
        #expect(
            vtt == """
                WEBVTT

                00:00:01.000 --> 00:00:04.000
                <v Ana Lima>Is 1 &lt; 2 &amp; does --&gt; break cues?

                00:00:04.000 --> 00:00:06.500
                <v Ben>No.

                """)
        let srt = try library.export(episode: id, as: .srt)
        #expect(
            srt.hasPrefix(
                "1\n00:00:01,000 --> 00:00:04,000\nAna Lima: Is 1 &lt; 2 &amp; does --&gt; break cues?\n\n2\n"))
        // Each format comes back through import with its times, speakers and words.
        let original = try library.episode(id).transcript
        for format in [EpisodeExportFormat.vtt, .srt, .json] {
            let copy = try Library(path: scratch.path("copy-\(format.rawValue).sqlite"))
            let path = try scratch.write("b.\(format.fileExtension)", try library.export(episode: id, as: format))
            let copyID = try #require(try copy.importFile(ImportRequest(path: path)).episodeIDs.first)
            #expect(try copy.episode(copyID).transcript == original, "\(format)")
        }
    }

    @Test func untimedEpisodesRefuseSubtitlesAndChaptersButExportJSONAndMarkdown() async throws {
        let corpus = try await CorpusLibrary.get()
        let id = try #require(corpus.reports[Corpus.asr]?.episodeIDs.first)
        for format in [EpisodeExportFormat.vtt, .srt, .chapters] {
            let error = #expect(throws: LibraryError.self) { try corpus.library.export(episode: id, as: format) }
            #expect(error?.failureKind == .invalidInput)
            #expect(error?.description.contains("episode \(id)") == true)
        }
        let json = try corpus.library.export(episode: id, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.allSatisfy { $0["startTime"] == nil && $0["body"] is String })
        #expect(try corpus.library.export(episode: id, as: .md).contains("## Transcript"))
    }

    @Test func markdownHasFrontMatterSummaryAndTimedTranscript() async throws {
        let corpus = try await CorpusLibrary.get()
        // A CSV row: show metadata and an imported summary.
        let id = try #require(corpus.reports[Corpus.csv]?.episodeIDs.first)
        let detail = try corpus.library.episode(id)
        let md = try corpus.library.export(episode: id, as: .md)
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "---")
        let end = try #require(lines.dropFirst().firstIndex(of: "---"))
        let front = lines[1..<end]
        #expect(front.contains("title: \"\(detail.episode.title.replacingOccurrences(of: "\"", with: "\\\""))\""))
        #expect(front.contains { $0.hasPrefix("url: \"https://") })
        #expect(front.contains { $0.hasPrefix("date: ") } == (detail.episode.published != nil))
        #expect(front.contains { $0.hasPrefix("tags: [\"podcast\"") })
        #expect(md.contains("## Summary\n\n" + (detail.summary ?? "")))
        #expect(md.contains("## Transcript"))

        let (library, whisper) = try await whisperEpisode()
        let timed = try library.export(episode: whisper, as: .md)
        // Whisper's short lines become paragraphs, each with the time of its first line.
        #expect(timed.contains("\n[0:03] Hey, everyone. Welcome to the Latent Space Podcast. This is Alessio,"))
        #expect(try library.exportFileName(episode: whisper, as: .md).hasPrefix("\(whisper)-"))
    }
}
