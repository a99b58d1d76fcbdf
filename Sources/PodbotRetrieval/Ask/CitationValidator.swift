import PodbotLibrary

/// Checks an answer against the passages it was given: `[n]` markers must name a supplied passage, and times
/// must be times of supplied passages. Invalid markers and times are removed and reported.
public enum CitationValidator {
    /// The checked answer.
    public struct Outcome: Sendable, Equatable {
        /// The answer with invalid markers and unsupported times removed.
        public var text: String
        /// Valid passage numbers in order of first citation.
        public var cited: [Int]
        /// Marker numbers that named no supplied passage (removed).
        public var invalid: [Int]
        /// Times that are not the start or end of a supplied passage (removed).
        public var removedTimes: [String]
    }

    /// Validates `answer` against `passageCount` passages whose allowed times are `allowedTimes`
    /// (as ``TimeFormat/clock(_:)`` writes them).
    public static func validate(_ answer: String, passageCount: Int, allowedTimes: Set<String> = []) -> Outcome {
        var cited: [Int] = []
        var invalid: [Int] = []
        var output = ""
        var index = answer.startIndex
        while index < answer.endIndex {
            if answer[index] == "[", let (numbers, end) = marker(in: answer, at: index) {
                let valid = numbers.filter { (1...max(passageCount, 1)).contains($0) && passageCount > 0 }
                invalid += numbers.filter { !valid.contains($0) }
                for number in valid where !cited.contains(number) { cited.append(number) }
                if !valid.isEmpty {
                    output += valid.map { "[\($0)]" }.joined()
                } else if output.last == " " {
                    // Drop the space that led to a removed marker, so "claim [9]." becomes "claim.".
                    output.removeLast()
                }
                index = end
            } else {
                output.append(answer[index])
                index = answer.index(after: index)
            }
        }
        let (timed, removed) = removeUnsupportedTimes(output, allowed: allowedTimes)
        return Outcome(text: timed, cited: cited, invalid: invalid, removedTimes: removed)
    }

    /// The numbers of a marker like `[3]`, `[1, 2]` or `[1][2]` (the first bracket only) starting at `start`.
    static func marker(in text: String, at start: String.Index) -> ([Int], String.Index)? {
        var index = text.index(after: start)
        var body = ""
        while index < text.endIndex, text[index] != "]" {
            body.append(text[index])
            if body.count > 24 { return nil }
            index = text.index(after: index)
        }
        guard index < text.endIndex else { return nil }
        let parts = body.split(whereSeparator: { $0 == "," || $0 == ";" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !parts.isEmpty else { return nil }
        var numbers: [Int] = []
        for part in parts {
            let digits = part.hasPrefix("Passage ") ? String(part.dropFirst(8)) : part
            guard let number = Int(digits) else { return nil }
            numbers.append(number)
        }
        return (numbers, text.index(after: index))
    }

    /// Removes clock times (`M:SS`, `H:MM:SS`) that are not in `allowed`.
    static func removeUnsupportedTimes(_ text: String, allowed: Set<String>) -> (String, [String]) {
        var removed: [String] = []
        var output = ""
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            if characters[i].isASCII, characters[i].isNumber, i == 0 || !characters[i - 1].isNumber {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isNumber || characters[j] == ":" {
                    j += 1
                }
                var candidate = String(characters[i..<j])
                while candidate.hasSuffix(":") { candidate.removeLast() }
                let groups = candidate.split(separator: ":", omittingEmptySubsequences: false)
                let isClock =
                    (groups.count == 2 || groups.count == 3) && groups.dropFirst().allSatisfy { $0.count == 2 }
                    && groups.allSatisfy { !$0.isEmpty && $0.count <= 2 }
                if isClock && !allowed.contains(candidate) && !allowed.contains(canonical(candidate)) {
                    removed.append(candidate)
                    if output.hasSuffix(" at ") {
                        output.removeLast(4)
                    } else if output.hasSuffix(" ") {
                        output.removeLast()
                    }
                    i += candidate.count
                    continue
                }
                output += String(characters[i..<j])
                i = j
                continue
            }
            output.append(characters[i])
            i += 1
        }
        return (output, removed)
    }

    /// `00:12:34` → `12:34`, `1:02:03` stays: the form ``TimeFormat/clock(_:)`` writes.
    static func canonical(_ clock: String) -> String {
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        let seconds = parts.reduce(0) { $0 * 60 + $1 }
        return TimeFormat.clock(Double(seconds))
    }
}
