import Foundation
import PodbotTestSupport
import PodbotTranscript

/// The shared corpus (via `PodbotTestSupport.Corpus`) and this target's own fixtures.
enum TestFiles {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static let csv = Corpus.csv
    static let whisper = Corpus.whisper
    static let vanishing = Corpus.vanishing
    static let lex = Corpus.lex
    static let asr = Corpus.asr
    static let corpusFiles = [csv, whisper, vanishing, lex, asr]

    static func corpusBytes(_ name: String) throws -> [UInt8] { try Corpus.bytes(name) }

    static func corpusText(_ name: String) throws -> String { try Corpus.text(name) }

    static func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(name)))
    }

    /// Reads a corpus file through the public entry point, as the storage layer will.
    static func readCorpus(_ name: String, speakers: [String] = []) throws -> [Transcript] {
        try TranscriptReader.read(try corpusBytes(name), options: ParseOptions(sourceName: name, speakers: speakers))
    }

    static func readFixture(_ name: String, format: TranscriptFormat? = nil) throws -> [Transcript] {
        try TranscriptReader.read(try fixtureBytes(name), options: ParseOptions(sourceName: name), format: format)
    }

    /// The `TranscriptError` a throwing call raises (nil when it does not throw or throws something else).
    static func transcriptError(_ body: () throws -> Void) -> TranscriptError? {
        do {
            try body()
            return nil
        } catch let error as TranscriptError {
            return error
        } catch {
            return nil
        }
    }
}

extension Transcript {
    /// All spoken words in order.
    var allWords: [Substring] { segments.flatMap { $0.text.split(whereSeparator: \.isWhitespace) } }
}
