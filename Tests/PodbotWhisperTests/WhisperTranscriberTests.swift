import Foundation
import PodbotTestSupport
import PodbotTranscript
import PodbotWhisper
import Testing

/// whisper.cpp in-process with the bundled tiny.en model, on speech made by espeak-ng.
@Suite(.serialized) struct WhisperTranscriberTests {
    static let transcriber = Result {
        try WhisperTranscriber(modelPath: SpeechFixture.tinyModel, settings: WhisperSettings(threads: engineThreads))
    }

    private func windows(of path: String, with transcriber: WhisperTranscriber, from startMs: Int = 0) async throws
        -> [TranscribedWindow]
    {
        var windows: [TranscribedWindow] = []
        for try await event in transcriber.transcribe(path, from: startMs) {
            if case .window(let window) = event { windows.append(window) }
        }
        return windows
    }

    private func text(_ windows: [TranscribedWindow]) -> String {
        windows.flatMap(\.segments).map(\.text).joined(separator: " ")
    }

    @Test func wavTranscriptHasTheSpokenWordsWithMonotonicTimes() async throws {
        let files = try await SpeechFixture.ready()
        let windows = try await windows(of: files.wav, with: Self.transcriber.get())
        let segments = windows.flatMap(\.segments)
        let wer = wordErrorRate(reference: SpeechFixture.text, hypothesis: text(windows))
        #expect(wer <= 0.10, "WER \(wer): \(text(windows))")
        #expect(segments.count >= 3)
        #expect(windows.count == 1 && windows[0].isLast)
        #expect(segments.first.map { $0.startMs < 1000 } == true)
        for (earlier, later) in zip(segments, segments.dropFirst()) {
            #expect(earlier.startMs < earlier.endMs)
            #expect(earlier.endMs <= later.startMs)
        }
        // espeak-ng takes about 33 s for the paragraph; the last segment ends within the audio.
        let endMs = try #require(segments.last?.endMs)
        #expect((28_000...36_000).contains(endMs))
        #expect(endMs <= windows[0].endMs + 10)
    }

    @Test func mp3AndWavGiveTheSameWords() async throws {
        let files = try await SpeechFixture.ready()
        let transcriber = try Self.transcriber.get()
        let wav = text(try await windows(of: files.wav16k, with: transcriber))
        let mp3 = text(try await windows(of: files.mp3, with: transcriber))
        #expect(normalizedWords(mp3) == normalizedWords(wav))
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: mp3) <= 0.10)
    }

    @Test func flacAndOggVorbisAreReadWithoutFFmpeg() async throws {
        let files = try await SpeechFixture.ready()
        let transcriber = try Self.transcriber.get()
        let wav = normalizedWords(text(try await windows(of: files.wav16k, with: transcriber)))
        // FLAC is lossless: the same samples, so the same words. Vorbis is lossy, like the MP3.
        #expect(normalizedWords(text(try await windows(of: files.flac, with: transcriber))) == wav)
        let ogg = text(try await windows(of: files.ogg, with: transcriber))
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: ogg) <= 0.10, "\(ogg)")
    }

    @Test func shortWindowsCutBetweenWordsAndResumeFromAnyWindow() async throws {
        let files = try await SpeechFixture.ready()
        let transcriber = try WhisperTranscriber(
            modelPath: SpeechFixture.tinyModel, settings: WhisperSettings(threads: engineThreads, windowSeconds: 12))
        let windows = try await windows(of: files.wav16k, with: transcriber)
        // 33 s of speech in windows of at most 12 s, each ending where a segment ends.
        #expect((3...8).contains(windows.count))
        #expect(windows.first?.startMs == 0)
        for (earlier, later) in zip(windows, windows.dropFirst()) { #expect(earlier.endMs == later.startMs) }
        for window in windows.dropLast() {
            #expect((1...12_000).contains(window.endMs - window.startMs))
            #expect(window.segments.last?.endMs == window.endMs)
        }
        #expect(windows.map(\.isLast) == Array(repeating: false, count: windows.count - 1) + [true])
        let segments = windows.flatMap(\.segments)
        for (earlier, later) in zip(segments, segments.dropFirst()) { #expect(earlier.startMs <= later.startMs) }
        #expect(wordErrorRate(reference: SpeechFixture.text, hypothesis: text(windows)) <= 0.10)

        // A resumed run from the second window's start makes the same windows as the first run did.
        let resumed = try await self.windows(of: files.wav16k, with: transcriber, from: windows[1].startMs)
        #expect(resumed == Array(windows.dropFirst()))
    }

    @Test func englishOnlyModelRefusesAnotherLanguage() throws {
        #expect(throws: (any Error).self) {
            try WhisperTranscriber(modelPath: SpeechFixture.tinyModel, settings: WhisperSettings(language: "de"))
        }
        do {
            _ = try WhisperTranscriber(modelPath: SpeechFixture.tinyModel, settings: WhisperSettings(language: "de"))
        } catch {
            #expect("\(error)".contains("English only"))
        }
    }

    @Test func missingModelIsUnavailableAndNamed() {
        do {
            _ = try WhisperTranscriber(modelPath: "/nonexistent/ggml-x.bin")
            Issue.record("loaded a missing model")
        } catch {
            #expect("\(error)".contains("/nonexistent/ggml-x.bin"))
        }
    }
}
