import Foundation
import Hummingbird
import MCP
import PodbotRetrieval

/// The arguments of an MCP tool call or the fields of a JSON request body, read with their types and ranges
/// checked before any conversion.
///
/// Clients send any JSON: `1e300`, `-1e19`, `"abc"`, `[]`. Each reader either returns a value in range or throws
/// a one-line 400 ``ProblemDetails`` naming the argument; nothing here can trap. `null` counts as absent.
struct JSONArguments {
    let values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }

    /// The fields of a JSON object body.
    /// - Throws: 400 saying what the body should look like (`example`) when it is not a JSON object.
    init(body: ByteBuffer, example: String) throws {
        guard let values = try? JSONDecoder().decode([String: Value].self, from: Data(buffer: body)) else {
            throw ProblemDetails(.badRequest, "the body must be a JSON object like \(example)")
        }
        self.values = values
    }

    /// The argument `key` unless absent or `null`.
    private func value(_ key: String) -> Value? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    /// A non-blank string, `nil` when absent or blank.
    /// - Throws: 400 when `key` holds something other than a string.
    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw ProblemDetails(.badRequest, "`\(key)` must be a string") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
    }

    /// A required non-blank string.
    /// - Throws: 400 when `key` is absent, blank or not a string.
    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw ProblemDetails(.badRequest, "`\(key)` is required") }
        return text
    }

    /// A whole number within `range`: a JSON integer, a float with no fraction, or a string of digits.
    /// - Throws: 400 naming `key` and `range` for anything else, including numbers too large for any integer.
    func integer(_ key: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = value(key) else { return nil }
        return try Self.integer(value, named: key, in: range)
    }

    /// A list of whole numbers within `range`.
    /// - Throws: 400 naming `key` when it is not a list, or `key[i]` for the first element that is not such a number.
    func integers(_ key: String, in range: ClosedRange<Int64>) throws -> [Int64]? {
        guard let value = value(key) else { return nil }
        guard let elements = value.arrayValue else {
            throw ProblemDetails(.badRequest, "`\(key)` must be a list of whole numbers")
        }
        return try elements.enumerated().map { try Self.integer($1, named: "\(key)[\($0)]", in: range) }
    }

    private static func integer(_ value: Value, named name: String, in range: ClosedRange<Int64>) throws -> Int64 {
        let number: Int64?
        switch value {
        case .int(let int): number = Int64(exactly: int)
        // `exactly:` is nil for fractions, infinities, NaN and anything beyond Int64, where `Int64(_:)` traps.
        case .double(let double): number = Int64(exactly: double)
        case .string(let text): number = Int64(text.trimmingCharacters(in: .whitespaces))
        default: number = nil
        }
        guard let number, range.contains(number) else {
            let bounds =
                range.upperBound == .max
                ? "from \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw ProblemDetails(.badRequest, "`\(name)` must be a whole number \(bounds)")
        }
        return number
    }

    /// `true` or `false`; `nil` when absent.
    /// - Throws: 400 when `key` holds anything but a JSON boolean.
    func boolean(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else { throw ProblemDetails(.badRequest, "`\(key)` must be true or false") }
        return flag
    }
}

extension JSONArguments {
    /// Episode ids are positive.
    static let episodeIDs: ClosedRange<Int64> = 1...Int64.max

    /// An `Int` range as the `Int64` range arguments are checked against.
    static func range(_ range: ClosedRange<Int>) -> ClosedRange<Int64> {
        Int64(range.lowerBound)...Int64(range.upperBound)
    }
    /// How many passages a search returns (``SearchLimits``).
    static let searchLimits = Int64(SearchLimits.range.lowerBound)...Int64(SearchLimits.range.upperBound)
    /// How many passages an ask gives the model (``AskPipeline/Request/kRange``).
    static let askPassages =
        Int64(AskPipeline.Request.kRange.lowerBound)...Int64(AskPipeline.Request.kRange.upperBound)
}
