import Foundation
import PodbotTestSupport
import Testing

/// The built binary, end to end: what a user types and sees.
@Suite("podbot import / list / show / search / export (binary)")
struct ImportCLITests {
    let scratch = ScratchFolder()
    var podbot: CommandRunner { CommandRunner(library: scratch.path("library.sqlite")) }

    @Test func corpusBatchImportsSevenEpisodesAndFollowsTheJSONContract() async throws {
        let imported = try await podbot.run(["import"] + Corpus.all.map(Corpus.path))
        #expect(imported.status == 0, "\(imported.stderr)")

        let list = try #require(try await podbot.json(["list", "--json"]) as? [[String: Any]])
        #expect(list.count == 7)
        let listKeys: Set = [
            "id", "title", "show", "url", "published", "duration_seconds", "words", "segments", "speakers",
            "has_timestamps",
        ]
        #expect(list.allSatisfy { Set($0.keys) == listKeys })
        // Unknown values are null, not invented: the Whisper file has no URL or date.
        let whisper = try #require(list.first { ($0["title"] as? String)?.contains("whisper") == true })
        #expect(whisper["url"] is NSNull && whisper["published"] is NSNull && whisper["show"] is NSNull)
        #expect((whisper["duration_seconds"] as? Double).map { abs($0 - 5087) < 5 } == true)
        #expect(whisper["has_timestamps"] as? Bool == true)

        let id = try #require(whisper["id"] as? Int)
        let show = try #require(try await podbot.json(["show", String(id), "--json"]) as? [String: Any])
        #expect(listKeys.isSubset(of: Set(show.keys)))
        #expect(show["summary"] is NSNull)
        #expect((show["chapters"] as? [Any])?.isEmpty == true)
        let segments = try #require(show["segments"] as? [[String: Any]])
        #expect(segments.count == whisper["segments"] as? Int)
        #expect(segments.allSatisfy { Set(["speaker", "start_seconds", "end_seconds", "text"]).isSubset(of: $0.keys) })
        #expect(segments[2]["start_seconds"] as? Double == 11.96)

        let hits = try #require(
            try await podbot.json(["search", "Commodore 64 musical scales", "--json", "--limit", "3"])
                as? [[String: Any]])
        let searchKeys: Set = [
            "episode_id", "title", "text", "speaker", "start_seconds", "end_seconds", "score", "url",
        ]
        #expect(hits.allSatisfy { searchKeys.isSubset(of: $0.keys) })
        #expect((hits.first?["title"] as? String)?.contains("lex-fridman") == true)
    }

    @Test func textOutputShowsSpeakersTimesAndLinks() async throws {
        #expect(try await podbot.run(["import", Corpus.path(Corpus.whisper), Corpus.path(Corpus.csv)]).status == 0)
        let show = try await podbot.run(["show", "latent-space"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("[0:00] [MUSIC PLAYING]"))
        #expect(show.stdout.contains("[0:11] Welcome to the Latent Space Podcast."))
        let csvShow = try await podbot.run(["show", "Sarah Catanzaro"])
        #expect(csvShow.stdout.contains("Summary (imported):"))
        #expect(csvShow.stdout.contains("Lukas: You're listening to Gradient Dissent"))
        let search = try await podbot.run(["search", "runway", "video", "editing", "--speaker", "cris", "--limit", "2"])
        #expect(search.status == 0)
        #expect(search.stdout.contains("Cristóbal Valenzuela"))
        #expect(search.stdout.contains("https://www.youtube.com/watch?v="))
    }

    @Test func batchWithOneBadFileImportsTheOthersAndExitsOne() async throws {
        let empty = try scratch.write("empty.txt", "")
        let result = try await podbot.run(["import", Corpus.path(Corpus.lex), empty, Corpus.path(Corpus.whisper)])
        #expect(result.status == 1)
        let errors = result.stderrLines.filter { $0.hasPrefix("podbot: ") }
        #expect(errors == ["podbot: \(empty): empty file"])
        let list = try #require(try await podbot.json(["list", "--json"]) as? [Any])
        #expect(list.count == 2)
        // Importing the batch again adds nothing; the bad file is still named.
        let again = try await podbot.run(["import", Corpus.path(Corpus.lex), empty, Corpus.path(Corpus.whisper)])
        #expect(again.status == 1)
        #expect(again.stderr.contains("unchanged \(Corpus.path(Corpus.lex))"))
        #expect((try await podbot.json(["list", "--json"]) as? [Any])?.count == 2)
    }

    @Test func usageErrorsAndMissingEpisodesAreOneLine() async throws {
        let badDate = try await podbot.run(["import", "--date", "2023-13-01", Corpus.path(Corpus.lex)])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("YYYY-MM-DD"))
        let missing = try await podbot.run(["show", "999"])
        #expect(missing.status == 1)
        #expect(missing.stderrLines.count == 1)
        #expect(missing.stderr.contains("no episode \"999\""))
    }

    @Test(arguments: [["--help"], ["search", "--help"], ["help", "summarize"], ["--version"]])
    func helpAndVersionPrintAndSucceed(arguments: [String]) async throws {
        let result = try await podbot.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(arguments == ["--version"] ? "0.1.0" : "USAGE:"))
        #expect(!result.stderr.contains("CommandError"))
    }

    @Test("`podbot models` shows the embedding prefixes configured, none when there are none, and the second model's")
    func modelsShowPrefixes() async throws {
        struct Entry: Decodable {
            var role: String
            var queryPrefix: String?
            var documentPrefix: String?
        }
        func entries(_ runner: CommandRunner) async throws -> [Entry] {
            let result = try await runner.run(["models", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode([Entry].self, from: Data(result.stdout.utf8))
        }
        let plain = try await entries(podbot)
        #expect(plain.map(\.role) == ["chat", "embedding", "second embedding"])
        #expect(plain.prefix(2).allSatisfy { $0.queryPrefix == nil && $0.documentPrefix == nil })
        #expect(plain.last?.queryPrefix == "query: " && plain.last?.documentPrefix == "passage: ")
        var alone = podbot
        alone.environment["PODBOT_SECOND_EMBEDDING"] = "off"
        #expect(try await entries(alone).map(\.role) == ["chat", "embedding"])
        var prefixed = podbot
        prefixed.environment["PODBOT_EMBED_DOCUMENT_PREFIX"] = "search_document: "
        let shown = try await entries(prefixed)
        #expect(shown.first { $0.role == "embedding" }?.documentPrefix == "search_document: ")
        #expect(shown.first { $0.role == "embedding" }?.queryPrefix == nil)
        let text = try await prefixed.run(["models"]).stdout
        #expect(text.contains(#"prefixes: questions none, passages "search_document: ""#))
    }

    @Test(
        "podbot index embeds with MiniLM alone when the second model's file is damaged, says so, and deletes nothing"
    )
    func indexWithDamagedSecondModel() async throws {
        let models = scratch.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let embedding = "all-MiniLM-L6-v2-f32.gguf"
        let second = "multilingual-e5-small-q4_0.gguf"
        for name in [embedding, second] {
            try FileManager.default.createSymbolicLink(
                atPath: models + "/" + name, withDestinationPath: ModelFiles.path(name))
        }
        var runner = podbot
        runner.environment["PODBOT_MODELS_DIR"] = models
        runner.environment["PODBOT_SECOND_EMBEDDING"] = nil
        struct Output: Decodable {
            struct Run: Decodable { var embedded: Int }
            var embedded: Int
            var total: Int
            var second: Run?
            var removedOtherModels: Int
            var secondFailure: String?
        }
        func index() async throws -> (output: Output, stderr: [String]) {
            let result = try await runner.run(["index", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return (
                try decoder.decode(Output.self, from: Data(result.stdout.utf8)),
                result.stderrLines.filter { !$0.hasPrefix("embedded ") }
            )
        }
        // Two short slices of the Whisper transcript keep the embedding quick.
        let lines = try String(contentsOfFile: Corpus.path(Corpus.whisper), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let parts = try [lines[0..<120], lines[120..<240]].enumerated().map { index, slice in
            let path = scratch.path("latent-space-part-\(index + 1).txt")
            try slice.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        #expect(try await runner.run(["import", parts[0]]).status == 0)
        let both = try await index()
        #expect(both.output.embedded > 0 && both.output.second?.embedded == both.output.embedded)

        // The second file damaged: a new episode is embedded by MiniLM alone, and the second model's vectors stay.
        try FileManager.default.removeItem(atPath: models + "/" + second)
        try Data("GGUF, but not a model".utf8).write(to: URL(fileURLWithPath: models + "/" + second))
        #expect(try await runner.run(["import", parts[1]]).status == 0)
        let alone = try await index()
        #expect(alone.output.embedded > 0 && alone.output.total == both.output.embedded + alone.output.embedded)
        #expect(alone.output.second == nil && alone.output.removedOtherModels == 0)
        let failure = try #require(alone.output.secondFailure)
        #expect(failure.contains(second))
        #expect(alone.stderr.count == 1 && alone.stderr.first?.hasPrefix("podbot: ") == true, "\(alone.stderr)")
        #expect(alone.stderr.first?.contains("PODBOT_SECOND_EMBEDDING=off") == true)
        let search = try await runner.run(["search", "--mode", "hybrid", "deep learning course", "--json"])
        #expect(search.status == 0, "\(search.stderr)")

        // Repaired: the second model embeds only the new episode's passages.
        try FileManager.default.removeItem(atPath: models + "/" + second)
        try FileManager.default.createSymbolicLink(
            atPath: models + "/" + second, withDestinationPath: ModelFiles.path(second))
        let repaired = try await index()
        #expect(repaired.output.embedded == 0 && repaired.output.second?.embedded == alone.output.embedded)
        #expect(repaired.output.secondFailure == nil && repaired.stderr.isEmpty, "\(repaired.stderr)")
    }

    @Test("every command that loads a model names it as ask and search do")
    func modelFlagsAgree() async throws {
        for command in ["ask", "search", "index", "summarize", "questions", "serve"] {
            let help = try await podbot.run([command, "--help"]).stdout
            if ["ask", "summarize", "questions", "serve"].contains(command) {
                #expect(help.contains("--chat-model"), "\(command)")
            }
            #expect(help.contains("--embedding-model"), "\(command)")
        }
    }

    @Test func exportWritesTheReferenceSchema() async throws {
        #expect(try await podbot.run(["import", Corpus.path(Corpus.csv)]).status == 0)
        let output = scratch.path("out.csv")
        #expect(try await podbot.run(["export", "--format", "csv", "--output", output]).status == 0)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("title,url,length,publish_date,transcript,total_words,summary,questions\r\n"))
        #expect(text.contains("Cristóbal Valenzuela — The Next Generation of Content Creation and AI"))
        #expect(!FileManager.default.fileExists(atPath: output + ".partial"))
    }

    @Test func exportChoosesEpisodesByReference() async throws {
        #expect(try await podbot.run(["import", Corpus.path(Corpus.csv)]).status == 0)
        let output = scratch.path("one.csv")
        let one = try await podbot.run(["export", "--format", "csv", "--episode", "Cristóbal", "--output", output])
        #expect(one.status == 0, "\(one.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("Cristóbal Valenzuela — The Next Generation of Content Creation and AI"))
        #expect(!text.contains("Sarah Catanzaro —"))
        let missing = try await podbot.run(["export", "--format", "csv", "--episode", "no such talk"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no episode \"no such talk\""))
    }

    @Test func searchKeepsToTheNamedEpisode() async throws {
        #expect(try await podbot.run(["import", Corpus.path(Corpus.csv)]).status == 0)
        let search = try await podbot.run([
            "search", "--mode", "bm25", "--json", "--episode", "Cristóbal", "--limit", "20", "models",
        ])
        #expect(search.status == 0, "\(search.stderr)")
        let hits = try #require(
            JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(!hits.isEmpty)
        #expect(Set(hits.compactMap { $0["title"] as? String }).count == 1)
        #expect(hits.allSatisfy { ($0["title"] as? String)?.hasPrefix("Cristóbal Valenzuela") == true })
        let missing = try await podbot.run(["search", "--episode", "no such talk", "models"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no episode \"no such talk\""))
    }
}
