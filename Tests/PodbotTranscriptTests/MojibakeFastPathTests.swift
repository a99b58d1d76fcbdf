import Testing

@testable import PodbotTranscript

/// The fast path of ``MojibakeRepair/repair(_:)``: text is left as it is, unexamined, when no character could
/// start a mis-decoded UTF-8 sequence.
@Suite struct MojibakeFastPathTests {
    /// The byte scan flags exactly the characters Windows-1252/Latin-1 or Windows-1253 make of a lead byte.
    @Test func flagsExactlyTheCharactersOfLeadBytes() {
        for value in UInt32(0x80)...0x3FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let lead = [CodePage.windows1252, .windows1253].contains { page in
                page.byte(for: scalar).map { (0xC2...0xF4).contains($0) } ?? false
            }
            #expect(MojibakeRepair.mayHoldMojibake("a" + String(scalar) + "b") == lead, "U+\(String(value, radix: 16))")
            #expect(MojibakeRepair.mayHoldMojibake(String(scalar)) == lead, "U+\(String(value, radix: 16)) alone")
        }
    }

    /// `Á` (0xC1) and `õ` (0xF5) are never leads, `Â` (0xC2) and `ô` (0xF4) are: the boundary of the range.
    @Test func boundaryOfTheLeadRange() {
        #expect(!MojibakeRepair.mayHoldMojibake("Á© õ€ Αω ϊ plain"))
        #expect(MojibakeRepair.repair("Á© õ€") == "Á© õ€")
        #expect(MojibakeRepair.mayHoldMojibake("Â©"))
        #expect(MojibakeRepair.repair("Â© 2024") == "© 2024")
        #expect(MojibakeRepair.mayHoldMojibake("ô"))
        #expect(MojibakeRepair.mayHoldMojibake("Β·"))  // U+0392, Windows-1253's 0xC2
        #expect(MojibakeRepair.repair("DALLΒ·E") == "DALL·E")
        #expect(MojibakeRepair.mayHoldMojibake("τ"))  // U+03C4, Windows-1253's 0xF4
        #expect(!MojibakeRepair.mayHoldMojibake("υ"))  // U+03C5, 0xF5
        #expect(!MojibakeRepair.mayHoldMojibake(""))
    }
}
