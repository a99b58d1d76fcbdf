import Foundation
import Hummingbird
import PodbotLibrary

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

    /// 202 with a queued job's status, and its `Location` to follow.
    static func accepted(_ job: JobStatus) throws -> Response {
        var response = try make(job, status: .accepted)
        response.headers[.location] = "/api/v1/jobs/\(job.id)"
        return response
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
        guard let value = queryValue(name) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The first value of `name` as sent (`""` for `name=` or a bare `name`), `nil` when absent.
    ///
    /// `+` is a space, as HTML forms encode it (`/?show=Lex+Fridman+Podcast`); `%2B` is a plus.
    func queryValue(_ name: String) -> String? {
        func decode(_ text: Substring) -> String {
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        for pair in (uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if decode(parts[0]) == name { return parts.count > 1 ? decode(parts[1]) : "" }
        }
        return nil
    }

    /// An integer query parameter within `range`, else `fallback`.
    /// - Throws: 400 when present but not a number in range (empty included).
    func query(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = queryValue(name) else { return fallback }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ProblemDetails(
                .badRequest, "`\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A `YYYY-MM-DD` query parameter.
    /// - Throws: 400 for another shape or a day no calendar has (`2023-13-45`).
    func day(_ name: String) throws -> String? {
        guard let value = query(name) else { return nil }
        guard PublishDate.isDay(value) else {
            throw ProblemDetails(.badRequest, "`\(name)` must be a day like 2023-04-30")
        }
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
