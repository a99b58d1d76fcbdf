/// A single-byte Windows code page, used in reverse: which byte did a mis-decoder turn into this character?
///
/// The tables are written out here rather than taken from Foundation, whose legacy encodings are not
/// all available on Linux. Bytes a code page leaves undefined map to the C1 control or Latin-1 character
/// of the same value, as Windows' own decoder and many tools do, so those round-trip too.
struct CodePage: Sendable {
    /// Name for diagnostics.
    let name: String
    private let toByte: [UInt32: UInt8]

    /// Builds the reverse table from the code page's `0x80...0xFF` characters (`0` = undefined).
    private init(name: String, high: [UInt32]) {
        precondition(high.count == 128)
        var table: [UInt32: UInt8] = [:]
        for (offset, scalar) in high.enumerated() {
            let byte = UInt8(0x80 + offset)
            table[scalar == 0 ? UInt32(byte) : scalar] = byte
        }
        self.name = name
        self.toByte = table
    }

    /// The byte for `scalar`, or `nil` when the code page cannot produce it. ASCII maps to itself.
    func byte(for scalar: Unicode.Scalar) -> UInt8? {
        scalar.value < 0x80 ? UInt8(scalar.value) : toByte[scalar.value]
    }

    private static let windowsC1: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// Windows-1252 (Western European); `0xA0...0xFF` equal Latin-1, so this also covers Latin-1 mojibake.
    static let windows1252 = CodePage(name: "windows-1252", high: windowsC1 + (0xA0...0xFF).map { UInt32($0) })

    /// Windows-1253 (Greek).
    static let windows1253: CodePage = {
        var c1 = windowsC1
        for undefined in [0x88, 0x8A, 0x8C, 0x8D, 0x8E, 0x8F, 0x98, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F] {
            c1[undefined - 0x80] = 0
        }
        var upper: [UInt32] = [
            0x00A0, 0x0385, 0x0386, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0, 0x00AB, 0x00AC, 0x00AD,
            0x00AE, 0x2015, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x00B5, 0x00B6, 0x00B7, 0x0388, 0x0389, 0x038A,
            0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F,
        ]
        upper += (0xC0...0xD1).map { UInt32(0x0390 + $0 - 0xC0) }  // ΐ Α Β ... Ρ
        upper.append(0)  // 0xD2 undefined
        upper += (0xD3...0xFE).map { UInt32(0x03A3 + $0 - 0xD3) }  // Σ ... ώ
        upper.append(0)  // 0xFF undefined
        return CodePage(name: "windows-1253", high: c1 + upper)
    }()
}
