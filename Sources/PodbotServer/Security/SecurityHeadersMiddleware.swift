import HTTPTypes
import Hummingbird

/// Headers that keep pages inert even if escaping ever failed: no inline script, no sniffing, no framing.
/// CORS stays off unless an origin was configured.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let corsOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if let corsOrigin {
            response.headers[HTTPField.Name("Access-Control-Allow-Origin")!] = corsOrigin
        }
        return response
    }
}
