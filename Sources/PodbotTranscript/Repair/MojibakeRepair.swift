/// Repairs mojibake: UTF-8 text that was once decoded as Windows-1252, Windows-1253 or Latin-1.
///
/// `β€”` becomes `—`, `Γ³` becomes `ó`, `Ã©` becomes `é`. For each run of non-ASCII characters the
/// repair maps the characters back to the bytes a mis-decoder would have read and decodes those as
/// UTF-8, one sequence at a time. A sequence is replaced only when it is valid UTF-8 and decodes to a
/// plausible character (no C1 control, combining mark, private-use or replacement character), so the
/// result is strictly shorter. Correct text (`Àlex`, `naïve`, `café`, `’`, `Καλημέρα`) is left alone.
public enum MojibakeRepair {
    /// The text with mojibake sequences replaced by the characters they stand for.
    public static func repair(_ text: String) -> String {
        guard mayHoldMojibake(text) else { return text }
        var current = text
        // Text that went through a wrong decode twice needs two passes; stop as soon as nothing changes.
        for _ in 0..<3 {
            let next = repairOnce(current)
            if next == current { break }
            current = next
        }
        return current
    }

    /// False when no character could start a mis-decoded UTF-8 sequence, i.e. none is the Windows-1252,
    /// Latin-1 or Windows-1253 character of a lead byte `0xC2...0xF4`: U+00C2...U+00F4, U+0392...U+03C4 but U+03A2.
    /// Then `repairOnce` cannot change anything (it replaces only sequences that start with such a lead), so
    /// clean text, the common case, is returned as it is. Scans UTF-8 bytes without allocating: those
    /// characters are `C3 82...B4`, `CE 92...BF` (but `CE A2`) and `CF 80...84`.
    static func mayHoldMojibake(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let end = bytes.count - 1
            while index < end {
                let byte = bytes[index]
                if byte >= 0xC3 {
                    let next = bytes[index + 1]
                    switch byte {
                    case 0xC3: if (0x82...0xB4).contains(next) { return true }
                    case 0xCE: if next >= 0x92 && next != 0xA2 { return true }  // U+03A2 is unassigned
                    case 0xCF: if next <= 0x84 { return true }
                    default: break
                    }
                }
                index += 1
            }
            return false
        }
    }

    private static func repairOnce(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80 {
                run.append(scalar)
                continue
            }
            if !run.isEmpty { output.append(contentsOf: repairRun(run)); run.removeAll(keepingCapacity: true) }
            output.append(scalar)
        }
        if !run.isEmpty { output.append(contentsOf: repairRun(run)) }
        return String(output)
    }

    /// Tries each code page on one run of non-ASCII characters; keeps the one that repairs the most.
    private static func repairRun(_ run: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard run.count >= 2 else { return run }
        var best = run
        for page in [CodePage.windows1252, .windows1253] {
            let candidate = decodeSequences(run, page: page)
            if candidate.count < best.count { best = candidate }
        }
        return best
    }

    /// Replaces every sub-run whose code-page bytes form one valid, plausible UTF-8 character.
    private static func decodeSequences(_ run: [Unicode.Scalar], page: CodePage) -> [Unicode.Scalar] {
        let bytes = run.map { page.byte(for: $0) }
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < run.count {
            if let (scalar, length) = utf8Scalar(bytes, at: index), isPlausible(scalar) {
                result.append(scalar)
                index += length
            } else {
                result.append(run[index])
                index += 1
            }
        }
        return result
    }

    /// Decodes one multi-byte UTF-8 sequence starting at `index`, if the bytes there form one.
    private static func utf8Scalar(_ bytes: [UInt8?], at index: Int) -> (Unicode.Scalar, Int)? {
        guard let lead = bytes[index] else { return nil }
        let length: Int
        var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0: length = 3; lowest = 0xA0; value = 0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xED: length = 3; highest = 0x9F; value = UInt32(lead & 0x0F)
        case 0xF0: length = 4; lowest = 0x90; value = 0
        case 0xF1...0xF3: length = 4; value = UInt32(lead & 0x07)
        case 0xF4: length = 4; highest = 0x8F; value = 4
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for position in 1..<length {
            guard let byte = bytes[index + position] else { return nil }
            let (low, high) = position == 1 ? (lowest, highest) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low, byte <= high else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    private static func isPlausible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x300...0x36F, 0xE000...0xF8FF, 0xFDD0...0xFDEF, 0xFFFD...0xFFFF: return false
        default: return scalar.properties.generalCategory != .unassigned
        }
    }
}
