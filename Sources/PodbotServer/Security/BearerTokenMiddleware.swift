import Hummingbird

/// Guards write endpoints: when the server has a token, requests must carry `Authorization: Bearer <token>`.
///
/// On loopback without a token the endpoints are open (a local, single-user tool); `BindPolicy` refuses any
/// other address without one. The comparison takes the same time wherever the tokens differ.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let token else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased(),
            ConstantTime.equals(String(header.dropFirst(prefix.count)), token)
        else {
            var response = ProblemDetails(
                .unauthorized, "this endpoint needs `Authorization: Bearer <PODBOT_TOKEN>`"
            ).response()
            response.headers[.wwwAuthenticate] = "Bearer realm=\"podbot\""
            return response
        }
        return try await next(request, context)
    }
}
