import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import PodbotLibrary

/// Builds the podbot web application: pages, JSON API, security middleware and the job queue service.
///
/// Shared by `podbot serve` and the tests (Hummingbird's `buildApplication` pattern). Opens the library; loads
/// no model (the first search or ask that needs one does).
/// - Throws: ``ServerError`` for an off-loopback bind without a token, `LibraryError` for the library file.
public func buildApplication(_ arguments: ServerArguments) async throws -> some ApplicationProtocol {
    try BindPolicy.check(host: arguments.host, token: arguments.token)
    let library = try Library(path: arguments.libraryPath, access: .readWhereverPossible)
    let backend = Backend(
        library: library, inference: arguments.inference, searchMode: arguments.searchMode,
        askQueueLimit: arguments.askQueueLimit, maxAnswerTokens: arguments.maxAnswerTokens)
    return try await buildApplication(arguments, backend: backend)
}

/// Builds the application over an existing backend (tests share one backend across apps).
public func buildApplication(_ arguments: ServerArguments, backend: Backend) async throws
    -> some ApplicationProtocol
{
    try BindPolicy.check(host: arguments.host, token: arguments.token)
    await backend.jobs.attach(backend)
    var logger = Logger(label: "podbot.server")
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
    let address = BoundAddress(host: arguments.host, port: arguments.port)
    let router = try buildRouter(arguments, backend: backend, address: address)
    var http1 = HTTP1Channel.Configuration()
    // Closes idle and slow (slowloris) connections.
    http1.idleTimeout = .milliseconds(Int64(arguments.idleTimeout * 1000))
    var application = Application(
        router: router,
        server: .http1(configuration: http1),
        configuration: ApplicationConfiguration(
            address: .hostname(arguments.host, port: arguments.port), serverName: "podbot"),
        onServerRunning: { channel in address.started(port: channel.localAddress?.port ?? arguments.port) },
        logger: logger)
    application.addServices(backend.jobs)
    return application
}

/// The routes: pages at `/`, the API under `/api/v1`, write endpoints behind the bearer token, and every request
/// checked for a forged `Host` and every write for a foreign `Origin`.
func buildRouter(_ arguments: ServerArguments, backend: Backend, address: BoundAddress) throws
    -> Router<BasicRequestContext>
{
    let renderer = try PageRenderer()
    let router = Router(context: BasicRequestContext.self)
    let table = RouteTable()
    router.middlewares.add(SecurityHeadersMiddleware(corsOrigin: arguments.corsOrigin))
    router.middlewares.add(ProblemMiddleware(pages: renderer, routes: table))
    router.middlewares.add(SameOriginMiddleware(address: address, corsOrigin: arguments.corsOrigin))
    router.middlewares.add(
        RequestTimeoutMiddleware(seconds: arguments.requestTimeout, askSeconds: max(arguments.requestTimeout, 600)))

    let routes = RecordedRoutes(router, table: table)
    PageRoutes(backend: backend, renderer: renderer).register(on: routes)

    let api = routes.recordedGroup("api/v1")
    OpenAPIDocument.register(on: api)
    EpisodesAPI(backend: backend).register(on: api)
    SearchAPI(backend: backend).register(on: api)
    AskAPI(backend: backend).register(on: api)
    FeedsAPI(backend: backend).registerReads(on: api)

    let writes = routes.recordedGroup("api/v1").add(middleware: BearerTokenMiddleware(token: arguments.token))
    ImportAPI(backend: backend, maxBytes: arguments.maxUploadBytes, uploadsFolder: arguments.uploadsFolder)
        .register(on: writes)
    JobsAPI(backend: backend).register(on: writes)
    FeedsAPI(backend: backend).registerWrites(on: writes)
    return router
}
