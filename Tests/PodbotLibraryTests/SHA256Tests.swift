import Foundation
import PodbotLibrary
import PodbotTestSupport
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func standardVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func streamingMatchesOneShotAcrossBlockBoundaries() throws {
        let bytes = try Corpus.bytes(Corpus.lex)
        var hasher = SHA256()
        var index = 0
        for size in [1, 63, 64, 65, 1000, 7] where index < bytes.count {
            hasher.update(bytes[index..<min(bytes.count, index + size)])
            index += size
        }
        hasher.update(bytes[min(index, bytes.count)...])
        #expect(hasher.finalizeHex() == SHA256.hex(bytes))
    }

    @Test func matchesSha256sumOnTheCorpus() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [Corpus.path(Corpus.whisper)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.split(separator: " ").first.map(String.init) == SHA256.hex(try Corpus.bytes(Corpus.whisper)))
    }
}
