/// Numbers written as words and as digits, so a check can match "2 months" to a transcript's "two months" and
/// "five" to a CSV's "5".
enum NumberWords {
    /// The values of the number-word runs in `words` (lowercased words, as ``AnswerChecker/words(_:)`` gives them),
    /// as digits: "seventy five dollars" gives "75", "70" and "5"; "two thousand and thirteen" gives "2013" and its
    /// parts.
    static func digitForms(in words: [String]) -> Set<String> {
        var forms = Set<String>()
        var run: [Int] = []
        func close() {
            if let value = value(of: run) { forms.insert(String(value)) }
            run = []
        }
        for (index, word) in words.enumerated() {
            if let value = value(ofWord: word) {
                forms.insert(String(value))
                run.append(value)
            } else if word == "and", !run.isEmpty, index + 1 < words.count, value(ofWord: words[index + 1]) != nil {
                continue
            } else {
                close()
            }
        }
        close()
        return forms
    }

    /// The word for a whole number from 0 to 100 written in digits ("5" → "five"), if it has one.
    static func spelled(_ digits: String) -> String? {
        guard let value = Int(digits), digits.count <= 3 else { return nil }
        return wordsByValue[value]
    }

    /// The value of one number word ("seventy" → 70), if `word` is one.
    static func value(ofWord word: String) -> Int? { units[word] ?? tens[word] ?? scales[word] }

    /// "seventy five" → 75, "two hundred and ten" → 210, "two thousand thirteen" → 2013; nil for a run that does
    /// not read as one number ("five five").
    static func value(of run: [Int]) -> Int? {
        guard !run.isEmpty else { return nil }
        var total = 0
        var current = 0
        var last: Int?
        for value in run {
            if value >= 100 {
                if let last, last >= 100, value <= last { return nil }
                if value == 100 {
                    current = max(current, 1) * 100
                } else {
                    total += max(current, 1) * value
                    current = 0
                }
            } else {
                // Below a hundred only a unit may follow a ten ("seventy five"); "five five" is two numbers.
                if let last, last < 100, !(last >= 20 && last % 10 == 0 && value < 10) { return nil }
                current += value
            }
            last = value
        }
        return total + current
    }

    private static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    private static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000]

    private static let wordsByValue: [Int: String] = {
        var byValue: [Int: String] = [100: "hundred"]
        for (word, value) in units.merging(tens, uniquingKeysWith: { a, _ in a }) { byValue[value] = word }
        return byValue
    }()
}
