import PodbotTestSupport
import PodbotTranscript
import Testing

/// The reference bot's CSV: 8 lines of page chrome, 3 episodes, inline `Name:` labels, cp1253 mojibake.
@Suite struct CorpusCSVTests {
    let transcripts: [Transcript]

    init() throws { transcripts = try TestFiles.readCorpus(Corpus.csv) }

    @Test func readsThreeEpisodesWithTheirMetadata() {
        #expect(transcripts.count == 3)
        #expect(transcripts.allSatisfy { $0.format == .csv })
        #expect(
            transcripts.map(\.metadata.title) == [
                "Sarah Catanzaro — Remembering the Lessons of the Last AI Renaissance",
                "Cristóbal Valenzuela — The Next Generation of Content Creation and AI",
                "Jeremy Howard — The Simple but Profound Insight Behind Diffusion",
            ])
        #expect(transcripts.map(\.metadata.durationSeconds) == [4584, 2426, 4377])
        #expect(transcripts.map(\.metadata.declaredWords) == [9519, 6898, 10657])
        #expect(transcripts.map(\.metadata.published) == ["2023-02-02", "2023-01-19", "2023-01-05"])
        #expect(transcripts[0].metadata.url == "https://www.youtube.com/watch?v=v3O20NMdOuA")
        #expect(transcripts[1].metadata.url == "https://www.youtube.com/watch?v=wbonGgk-_Gk")
    }

    @Test func keepsImportedSummaryAndQuestions() throws {
        #expect(transcripts.map { $0.imported?.questions.count } == [36, 27, 42])
        for transcript in transcripts {
            let summary = try #require(transcript.imported?.summary)
            let paragraphs = summary.split(separator: "\n").filter { $0.contains { !$0.isWhitespace } }
            #expect(paragraphs.count == 2)
        }
        #expect(transcripts[0].imported?.questions.first == "What are the dangers of the hype surrounding AI and ML?")
        #expect(
            transcripts[2].imported?.questions.first
                == "What is the significance of the spike in technological capability that Jeremy Howard mentions?")
        #expect(transcripts[0].imported?.summary?.hasPrefix("In a podcast, Sarah Catanzaro, a General Partner") == true)
    }

    @Test func splitsTranscriptsIntoSpeakerTurns() {
        #expect(transcripts.map(\.speakers) == [["Sarah", "Lukas"], ["Cris", "Lukas"], ["Jeremy", "Lukas"]])
        let turns = transcripts.map { transcript in
            Dictionary(grouping: transcript.segments, by: { $0.speaker ?? "" }).mapValues(\.count)
        }
        #expect(turns[0] == ["Sarah": 37, "Lukas": 37])
        #expect(turns[1] == ["Cris": 34, "Lukas": 33])
        #expect(turns[2] == ["Jeremy": 40, "Lukas": 40])
        #expect(transcripts[0].segments[0].text.hasPrefix("I think people see the output of models like DALL·E, GPT-3"))
        #expect(transcripts[0].segments[1].speaker == "Lukas")
        #expect(transcripts[0].segments[1].text.hasPrefix("You're listening to Gradient Dissent"))
    }

    /// The labels are the only words removed: `total_words` counted each `Name:` once.
    @Test func keepsEveryWordButTheLabels() {
        for transcript in transcripts {
            #expect(transcript.wordCount + transcript.segments.count == transcript.metadata.declaredWords)
            #expect(!transcript.segments.contains { $0.text.isEmpty })
        }
    }

    @Test func repairsMojibake() {
        for transcript in transcripts {
            let title = transcript.metadata.title ?? ""
            for bad in ["Î", "Ï", "β€", "Γ", "Β·"] { #expect(!title.contains(bad)) }
            let all = transcript.segments.map(\.text).joined(separator: " ") + (transcript.imported?.summary ?? "")
            #expect(!all.contains("β€"))
            #expect(!all.contains("Β·"))
        }
        #expect(
            transcripts[1].segments[0].text.contains("research — specifically in the area of computer creativity —"))
    }
}
