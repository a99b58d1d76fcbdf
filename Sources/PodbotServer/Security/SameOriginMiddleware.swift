import HTTPTypes
import Hummingbird

/// Keeps other web pages out of the local server: DNS rebinding by `Host`, cross-origin writes by `Origin`, and
/// "simple" form or `no-cors` bodies by their content type.
///
/// A browser lets any page send a POST with a `text/plain` or form body to `127.0.0.1` without asking the server
/// first; only these checks stop it. Clients that are not browsers send no `Origin` and are let through, so
/// `curl` and scripts keep working; off loopback the bearer token guards writes as before.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let address: BoundAddress
    /// An origin the operator allowed with `--cors-origin`.
    let corsOrigin: String?

    static var writeMethods: Set<HTTPRequest.Method> { [.post, .put, .patch, .delete] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // HTTP/1.1 clients always name the host; a page reached through a rebound DNS name names that name.
        if let authority = request.head.authority, !address.accepts(authority: authority) {
            throw ProblemDetails(
                .misdirectedRequest, "Host \(authority) is not this server; use http://127.0.0.1 or localhost")
        }
        guard Self.writeMethods.contains(request.method) else { return try await next(request, context) }
        if let origin = request.headers[.origin], !isSameOrigin(origin, authority: request.head.authority) {
            throw ProblemDetails(.forbidden, "Origin: cross-origin writes are refused (\(origin))")
        }
        // A declared body must be one a browser cannot send cross-origin unasked; endpoints that read a body also
        // refuse one declared as nothing (bodiless writes like cancel may come chunked without a type).
        if let type = request.headers[.contentType], !Self.isJSON(type), !Self.isMultipart(type) {
            throw ProblemDetails(
                .unsupportedMediaType, "Content-Type: send application/json or multipart/form-data, not \(type)")
        }
        return try await next(request, context)
    }

    /// True when `origin` is this server as the browser reached it (or the configured CORS origin).
    private func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        let origin = origin.lowercased()
        if let corsOrigin, origin == corsOrigin.lowercased() { return true }
        guard let authority, origin.hasPrefix("http://") else { return false }
        let host = String(origin.dropFirst("http://".count))
        return host == authority.lowercased() && address.accepts(authority: host)
    }

    /// `application/json` or any `+json` type, with or without parameters.
    static func isJSON(_ contentType: String) -> Bool {
        let type = mediaType(contentType)
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    static func isMultipart(_ contentType: String) -> Bool { mediaType(contentType) == "multipart/form-data" }

    /// The type and subtype, lowercased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        String(contentType.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
    }
}
