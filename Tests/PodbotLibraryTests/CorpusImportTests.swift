import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("Importing the reference corpus")
struct CorpusImportTests {
    @Test func allFiveFilesGiveSevenEpisodes() async throws {
        let corpus = try await CorpusLibrary.get()
        #expect(try corpus.library.episodes().count == 7)
        #expect(corpus.reports.values.allSatisfy { $0.status == .imported })
        #expect(corpus.reports[Corpus.csv]?.episodeIDs.count == 3)
    }

    @Test func csvRowsKeepMetadataRepairedTitlesAndImportedEnrichments() async throws {
        let episodes = try await CorpusLibrary.get().episodes(Corpus.csv)
        try #require(episodes.count == 3)
        #expect(episodes.map(\.episode.durationSeconds) == [4584, 2426, 4377])
        #expect(episodes.map(\.episode.words) == [9519, 6898, 10657])
        #expect(episodes.map(\.episode.published) == ["2023-02-02", "2023-01-19", "2023-01-05"])
        #expect(episodes.allSatisfy { $0.episode.title.contains(" — ") })
        #expect(episodes[1].episode.title.hasPrefix("Cristóbal Valenzuela"))
        #expect(episodes.allSatisfy { !$0.episode.title.contains("β€") && !$0.episode.title.contains("Γ") })
        #expect(episodes[0].episode.url == "https://www.youtube.com/watch?v=v3O20NMdOuA")
        #expect(episodes.map { $0.questions.count } == [36, 27, 42])
        #expect(episodes.allSatisfy { $0.questions.allSatisfy { $0.origin == .imported && $0.chunk == nil } })
        #expect(episodes.allSatisfy { $0.summaryOrigin == .imported && ($0.summary?.count ?? 0) > 500 })
        for (episode, guest) in zip(episodes, ["Sarah", "Cristóbal", "Jeremy"]) {
            #expect(episode.episode.speakers.contains("Lukas"), "\(episode.episode.title): \(episode.episode.speakers)")
            #expect(
                episode.episode.speakers.contains { $0.hasPrefix(guest) || $0.hasPrefix(String(guest.prefix(4))) },
                "\(episode.episode.title): \(episode.episode.speakers)")
        }
        #expect(episodes.allSatisfy { !$0.episode.hasTimestamps })
    }

    @Test func whisperFileKeepsEveryCueTime() async throws {
        let episode = try #require(try await CorpusLibrary.get().episodes(Corpus.whisper).first)
        let cueLines = try Corpus.text(Corpus.whisper).split(separator: "\n").filter {
            $0.hasPrefix("[") && $0.contains("-->")
        }
        #expect(episode.transcript.count == cueLines.count)
        // `[HH:MM:SS.mmm --> ...`: compare whole milliseconds, not floating-point sums.
        let starts = cueLines.map { line -> Int in
            let stamp = line.dropFirst().prefix(while: { $0 != " " })
            let parts = stamp.split(separator: ":")
            let secondsAndMillis = parts.last!.split(separator: ".")
            let whole = parts.dropLast().reduce(0) { $0 * 60 + Int($1)! } * 60 + Int(secondsAndMillis[0])!
            return whole * 1000 + Int(secondsAndMillis[1])!
        }
        #expect(episode.transcript.map { Int((($0.startSeconds ?? -1) * 1000).rounded()) } == starts)
        let duration = try #require(episode.episode.durationSeconds)
        #expect(abs(duration - 5087) < 5, "duration \(duration)")
        #expect(episode.episode.hasTimestamps)
        #expect(episode.transcript.first?.nonSpeech == ["[MUSIC PLAYING]"])
        #expect(episode.transcript.first?.text == "")
        // A leading "- " marks a change of unnamed speaker; it is stored, not lost.
        let marked = cueLines.filter {
            $0.split(separator: "]", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces).hasPrefix("- ") == true
        }
        #expect(episode.transcript.filter(\.speakerChange).count == marked.count)
        #expect(marked.count > 50)
    }

    @Test("enrichment's read of the stored transcript holds every segment, time and speaker as imported")
    func storedTranscriptMatchesTheImport() async throws {
        let imported = try await CorpusLibrary.get()
        for name in [Corpus.whisper, Corpus.vanishing] {
            let detail = try #require(try imported.episodes(name).first)
            let stored = try imported.library.storedTranscript(episode: detail.episode.id)
            #expect(stored.title == detail.episode.title)
            #expect(stored.hasTimestamps == detail.episode.hasTimestamps)
            #expect(stored.durationMs.map { Double($0) / 1000 } == detail.episode.durationSeconds)
            #expect(stored.segments.count == detail.transcript.count)
            #expect(stored.segments.map(\.text) == detail.transcript.map(\.text))
            #expect(stored.segments.map(\.speaker) == detail.transcript.map(\.speaker))
            #expect(stored.segments.map(\.speakerChange) == detail.transcript.map(\.speakerChange))
            #expect(
                stored.segments.map { $0.startMs.map { Double($0) / 1000 } } == detail.transcript.map(\.startSeconds))
        }
        #expect(throws: LibraryError.self) { try imported.library.storedTranscript(episode: 999_999) }
    }

    @Test func vanishingGradientsTurnsAreSplitBetweenBothSpeakers() async throws {
        let episode = try #require(try await CorpusLibrary.get().episodes(Corpus.vanishing).first)
        #expect(Set(episode.episode.speakers) == ["Hugo Bowne-Anderson", "Jeremy"])
        let turns = Dictionary(grouping: episode.transcript.compactMap(\.speaker), by: { $0 }).mapValues(\.count)
        #expect((turns["Hugo Bowne-Anderson"] ?? 0) >= 30, "\(turns)")
        #expect((turns["Jeremy"] ?? 0) >= 30, "\(turns)")
    }

    @Test(arguments: [Corpus.asr, Corpus.lex])
    func untimedFilesGiveParagraphSizedPassagesWithoutCutWords(name: String) async throws {
        let corpus = try await CorpusLibrary.get()
        let id = try #require(corpus.reports[name]?.episodeIDs.first)
        let passages = try corpus.library.passages(episode: id)
        #expect(passages.count > 50)
        let sizes = passages.map(\.words)
        #expect(sizes.dropLast().allSatisfy { (30...190).contains($0) }, "sizes \(sizes)")
        let median = sizes.sorted()[sizes.count / 2]
        #expect((60...150).contains(median), "median \(median)")
        // Every word of the transcript is in exactly one passage, whole and in order.
        let segmentWords = try corpus.library.episode(id).transcript.flatMap {
            $0.text.split(whereSeparator: \.isWhitespace)
        }
        let passageWords = passages.flatMap { $0.text.split(whereSeparator: \.isWhitespace) }
        #expect(passageWords == segmentWords)
        let sourceWords = try Corpus.text(name).split(whereSeparator: \.isWhitespace)
        #expect(Set(passageWords).isSubset(of: Set(sourceWords)))
    }

    @Test func passagesNeverSpanEpisodesAndKeepTimes() async throws {
        let corpus = try await CorpusLibrary.get()
        for episode in try corpus.library.episodes() {
            let passages = try corpus.library.passages(episode: episode.id)
            #expect(passages.map(\.ordinal) == Array(0..<passages.count))
            #expect(passages.allSatisfy { $0.words <= 190 })
            if episode.hasTimestamps {
                let starts = passages.compactMap(\.startMs)
                #expect(starts.count == passages.count)
                #expect(starts == starts.sorted())
            }
        }
    }
}
