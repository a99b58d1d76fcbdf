import Foundation
import GRDB
import PodbotErrors
import PodbotLibrary
import PodbotTranscript
import PodbotWhisper
import Testing

/// `Library.importAudio` with the real tiny.en engine: a good file becomes a timed episode; bad audio fails with
/// one line naming the file and leaves the library as it was.
@Suite(.serialized) struct AudioImportTests {
    enum BadAudio: String, CaseIterable, Sendable {
        case empty, truncatedMP3, truncatedMP3WithoutHeader, renamedPNG, silence, truncatedWAV

        /// Makes the file; returns its path and words the error must hold.
        func make() throws -> (path: String, reason: String) {
            let files = try SpeechFixture.files.get()
            switch self {
            case .empty: return (try SpeechFixture.write([], named: "empty.mp3"), "empty")
            case .truncatedMP3:
                let mp3 = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.mp3)))
                return (try SpeechFixture.write(Array(mp3.prefix(mp3.count / 2)), named: "cut.mp3"), "truncated")
            case .truncatedMP3WithoutHeader:
                // Cut inside the last frame (417 or 418 bytes): nothing but the frame headers tells the file is short.
                // A cut at half the file landed between two frames, which no check can tell from a shorter file.
                let mp3 = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.mp3WithoutHeader)))
                return (try SpeechFixture.write(Array(mp3.dropLast(200)), named: "cut.mp3"), "truncated")
            case .truncatedWAV:
                let wav = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.wav16k)))
                return (try SpeechFixture.write(Array(wav.prefix(wav.count / 3)), named: "cut.wav"), "truncated")
            case .renamedPNG:
                let png: [UInt8] =
                    [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
                    + [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89] + Array(repeating: 0, count: 64)
                return (try SpeechFixture.write(png, named: "episode.mp3"), "PNG")
            case .silence: return (files.silence, "no speech")
            }
        }
    }

    @Test(arguments: BadAudio.allCases) func badAudioFailsInOneLineAndStoresNothing(_ bad: BadAudio) async throws {
        let library = try Library()
        _ = try await SpeechFixture.ready()
        let (path, reason) = try bad.make()
        do {
            let report = try await library.importAudio(
                ImportRequest(path: path), transcriber: WhisperTranscriberTests.transcriber.get())
            Issue.record("\(bad) imported as \(report.episodeIDs)")
        } catch let error as TranscriptError {
            #expect(error.source == path)
            #expect(error.failureKind == .invalidInput)
            #expect(error.description.hasPrefix(path + ": "))
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(reason), "\(error)")
        }
        #expect(try library.episodes().isEmpty)
        #expect(try await library.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM import_source") } == 0)
        #expect(
            try await library.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM transcription_window") }
                == 0)
    }

    @Test func m4aNeedsFFmpegAndTheErrorSaysSo() async throws {
        let library = try Library()
        // An MP4 audio header: only ffmpeg reads the container.
        let m4a = try SpeechFixture.write(
            [0, 0, 0, 0x20] + Array("ftypM4A ".utf8) + Array(repeating: 0, count: 64), named: "episode.m4a")
        let hasFFmpeg = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/ffmpeg") }
        do {
            _ = try await library.importAudio(
                ImportRequest(path: m4a), transcriber: WhisperTranscriberTests.transcriber.get())
            Issue.record("a header without audio was imported")
        } catch let error as ClassifiedError {
            #expect("\(error)".hasPrefix(m4a + ": "))
            #expect(!"\(error)".contains("\n"))
            #expect("\(error)".contains("ffmpeg"))
            #expect(error.failureKind == (hasFFmpeg ? .invalidInput : .unavailable))
        }
        #expect(try library.episodes().isEmpty)
    }

    @Test func mp3BecomesATimedEpisodeOnceAndIsNotTranscribedAgain() async throws {
        let library = try Library()
        let files = try await SpeechFixture.ready()
        let transcriber = try WhisperTranscriberTests.transcriber.get()
        let progress = ProgressLog()
        let report = try await library.importAudio(
            ImportRequest(path: files.mp3, metadata: EpisodeMetadata(show: "Espeak Radio")), transcriber: transcriber,
            progress: { progress.append($0) })
        #expect(report.status == .imported)
        #expect(report.format == .audio)
        let episode = try library.episode(try #require(report.episodeIDs.first))
        #expect(episode.episode.title == "paragraph")
        #expect(episode.episode.show == "Espeak Radio")
        #expect(episode.transcript.allSatisfy { $0.startSeconds != nil && $0.endSeconds != nil })
        let words = episode.transcript.map(\.text).joined(separator: " ")
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: words) <= 0.10)
        #expect(try library.searchBM25("germanium").first?.episodeID == report.episodeIDs.first)
        let reports = progress.values
        #expect(!reports.isEmpty)
        #expect(reports.map(\.doneMs) == reports.map(\.doneMs).sorted())
        #expect(reports.last?.realTimeFactor.map { $0 > 0 } == true)
        #expect(
            try await library.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM transcription_window") }
                == 0)

        let again = try await library.importAudio(ImportRequest(path: files.mp3), transcriber: transcriber)
        #expect(again.status == .unchanged)
        #expect(again.episodeIDs == report.episodeIDs)
    }
}

/// Progress reports collected from the transcription thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [TranscriptionProgress] = []
    func append(_ value: TranscriptionProgress) { lock.withLock { stored.append(value) } }
    var values: [TranscriptionProgress] { lock.withLock { stored } }
}
