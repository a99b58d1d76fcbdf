import Foundation
import Hummingbird
import PodbotErrors
import PodbotInference
import PodbotLibrary
import PodbotTranscript

/// An RFC 9457 problem: the JSON body of every API error, served as `application/problem+json`.
public struct ProblemDetails: Error, Sendable, Codable, Equatable {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    public var type: String
    /// The status's short phrase.
    public var title: String
    public var status: Int
    /// What went wrong in this request, and what to do.
    public var detail: String?
    /// Seconds before trying again (sent as `Retry-After` too), for 503.
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail
        case retryAfter = "retry_after"
    }

    /// A problem with `status` and a detail for the reader.
    public init(
        _ status: HTTPResponse.Status, _ detail: String? = nil, type: String = "about:blank", retryAfter: Int? = nil
    ) {
        self.type = type
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// The problem as an HTTP response.
    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{\"status\":\(status)}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: title), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Maps any error a handler throws to a problem, by its ``FailureKind``, never by its words.
    ///
    /// Library and transcript messages name files and what to do, so they are safe and useful to show;
    /// internal errors are reported as a bare 500 so internals do not leak.
    static func from(_ error: any Error) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails: return problem
        case let error as HTTPError:
            return ProblemDetails(error.status, error.body ?? error.status.reasonPhrase)
        case let error as LibraryError:
            return from(error.failureKind, detail: error.reason, hidden: "the library could not be read or written")
        case let error as InferenceError: return from(error.failureKind, detail: "the model is not available: \(error)")
        case let error as ServiceError:
            var problem = from(error.failureKind, detail: error.message)
            if let retryAfter = error.retryAfter { problem.retryAfter = retryAfter }
            return problem
        case let error as any ClassifiedError: return from(error.failureKind, detail: error.description)
        case is CancellationError:
            return ProblemDetails(.serviceUnavailable, "the request was cancelled", retryAfter: 1)
        default:
            return ProblemDetails(.internalServerError, "an unexpected error occurred")
        }
    }

    /// The status of each kind of failure; `detail` is shown unless the failure is internal, which shows `hidden`.
    static func from(_ kind: FailureKind, detail: String, hidden: String = "an unexpected error occurred")
        -> ProblemDetails
    {
        switch kind {
        case .notFound: ProblemDetails(.notFound, detail)
        case .invalidInput: ProblemDetails(.unprocessableContent, detail)
        case .conflict: ProblemDetails(.conflict, detail)
        case .busy: ProblemDetails(.serviceUnavailable, detail, retryAfter: 2)
        case .unavailable: ProblemDetails(.serviceUnavailable, detail, retryAfter: 30)
        case .internal: ProblemDetails(.internalServerError, hidden)
        }
    }
}

/// Turns every error thrown by a route into a JSON problem (API) or a small HTML error page (pages).
///
/// A path that is routed, asked with a method it is not routed for, is 405 with `Allow`, not the router's 404.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: PageRenderer
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var problem = ProblemDetails.from(error)
            var allowed: String?
            if let error = error as? HTTPError, error.status == .notFound {
                let methods = routes.methods(for: request.uri.path)
                if !methods.isEmpty {
                    let names = methods.map(\.rawValue).joined(separator: ", ")
                    allowed = names
                    problem = ProblemDetails(
                        .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); use \(names)")
                }
            }
            if error is CancellationError {
                context.logger.info(
                    "\(request.method) \(request.uri.path) cancelled: the client hung up or time ran out")
            } else if problem.status >= 500 && !(error is ProblemDetails) {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(type(of: error))")
            }
            var response = request.uri.path.hasPrefix("/api/") ? problem.response() : pages.errorPage(problem)
            if let allowed { response.headers[.allow] = allowed }
            return response
        }
    }
}
