import Hummingbird
import Synchronization

/// Every route's path and method, recorded as the routes are registered, so that a known path asked with the
/// wrong method is answered 405 with `Allow` (Hummingbird's router answers 404 for both).
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: [RouterPath.Element], method: HTTPRequest.Method)]>([])

    func add(_ path: [RouterPath.Element], _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((path, method)) }
    }

    /// The methods routed for `path`, in a stable order; empty when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.path.count == segments.count && zip(route.path, segments).allSatisfy { $0 ~= $1 }
            }.map(\.method)
        }
        return Set(methods.map(\.rawValue)).sorted().compactMap { HTTPRequest.Method($0) }
    }
}

/// Routes registered through this are also recorded in a ``RouteTable``.
struct RecordedRoutes<Base: RouterMethods>: RouterMethods {
    typealias Context = Base.Context
    let base: Base
    let prefix: [RouterPath.Element]
    let table: RouteTable

    init(_ base: Base, prefix: [RouterPath.Element] = [], table: RouteTable) {
        self.base = base
        self.prefix = prefix
        self.table = table
    }

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        table.add(prefix + Array(path), method)
        base.on(path, method: method, responder: responder)
        return self
    }

    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        RecordedRoutes(base.add(middleware: middleware), prefix: prefix, table: table)
    }

    /// A group under `path` whose routes are recorded too.
    func recordedGroup(_ path: RouterPath) -> RecordedRoutes<RouterGroup<Context>> {
        RecordedRoutes<RouterGroup<Context>>(base.group(path), prefix: prefix + Array(path), table: table)
    }
}
