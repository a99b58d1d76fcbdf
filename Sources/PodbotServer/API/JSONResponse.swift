import Foundation
import Hummingbird

/// JSON bodies the way the CLI prints them: sorted keys, unescaped slashes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as an `application/json` response.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Reading query parameters with problems for bad values.
extension Request {
    /// Refuses a body not declared as JSON: browsers send `text/plain` and form bodies cross-origin unasked.
    /// - Throws: 415 naming the content type.
    func requireJSONBody() throws {
        let type = headers[.contentType] ?? ""
        guard SameOriginMiddleware<BasicRequestContext>.isJSON(type) else {
            throw ProblemDetails(
                .unsupportedMediaType, "Content-Type: send application/json, not \(type.isEmpty ? "none" : type)")
        }
    }

    /// The trimmed value of `name`, or `nil` when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// An integer query parameter within `range`, else `fallback`.
    /// - Throws: 400 when present but not a number in range.
    func query(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = query(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ProblemDetails(
                .badRequest, "`\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A `YYYY-MM-DD` query parameter.
    /// - Throws: 400 for another shape.
    func day(_ name: String) throws -> String? {
        guard let value = query(name) else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { throw ProblemDetails(.badRequest, "`\(name)` must be a day like 2023-04-30") }
        return value
    }
}

extension RequestContext {
    /// The numeric `{id}` of the path.
    /// - Throws: 404 when it is not a number (no episode can have that id).
    func episodeID() throws -> Int64 {
        guard let text = parameters.get("id"), let id = Int64(text), id > 0 else {
            throw ProblemDetails(.notFound, "no episode \(parameters.get("id") ?? ""); episode ids are numbers")
        }
        return id
    }
}
