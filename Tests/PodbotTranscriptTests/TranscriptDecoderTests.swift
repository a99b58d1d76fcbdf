import PodbotTranscript
import Testing

@Suite struct TranscriptDecoderTests {
    @Test func decodesUTF8WithAndWithoutBOM() throws {
        #expect(try TranscriptDecoder.decode(Array("Hello café".utf8), source: "a.txt") == "Hello café")
        #expect(
            try TranscriptDecoder.decode([0xEF, 0xBB, 0xBF] + Array("WEBVTT\n".utf8), source: "a.vtt") == "WEBVTT\n")
    }

    @Test func decodesUTF16WithBOM() throws {
        let text = "Hello café — 👍\nline 2"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TranscriptDecoder.decode(little, source: "le.txt") == text)
        #expect(try TranscriptDecoder.decode(big, source: "be.txt") == text)
    }

    @Test(arguments: [[], Array("  \n\t \r\n ".utf8), [0xEF, 0xBB, 0xBF, 0x20]])
    func rejectsEmptyInput(_ bytes: [UInt8]) {
        let error = TestFiles.transcriptError { _ = try TranscriptDecoder.decode(bytes, source: "empty.txt") }
        #expect(error?.description == "empty.txt: empty file")
    }

    @Test func rejectsPNG() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let error = TestFiles.transcriptError {
            _ = try TranscriptReader.read(png, options: ParseOptions(sourceName: "cover.png"))
        }
        #expect(error?.description == "cover.png: binary file, not a transcript (looks like a PNG image)")
    }

    @Test func rejectsNULBytes() {
        let error = TestFiles.transcriptError {
            _ = try TranscriptDecoder.decode(Array("ab\0cd".utf8), source: "x.bin")
        }
        #expect(error?.description == "x.bin: binary file, not a transcript (looks like NUL bytes)")
    }

    @Test func reportsInvalidUTF8WithLineAndOffset() {
        let bytes = Array("line one\nline two\nbad ".utf8) + [0xE9] + Array(" here\n".utf8)  // Latin-1 é
        let error = TestFiles.transcriptError { _ = try TranscriptDecoder.decode(bytes, source: "latin1.txt") }
        #expect(error?.line == 3)
        #expect(error?.description == "latin1.txt:3: invalid UTF-8 at byte offset 22; re-save the file as UTF-8")
    }

    @Test func reportsTruncatedSequenceAtTheEnd() {
        let bytes = Array("ok\n".utf8) + [0xE2, 0x80]
        let error = TestFiles.transcriptError { _ = try TranscriptDecoder.decode(bytes, source: "cut.txt") }
        #expect(error?.description == "cut.txt:2: invalid UTF-8 at byte offset 3; re-save the file as UTF-8")
    }
}
