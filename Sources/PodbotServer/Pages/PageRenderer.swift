import Hummingbird
import Mustache

/// Renders pages: a page template inside the layout, as `text/html`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Parses the templates once.
    /// - Throws: a Mustache parser error (a programming error in ``Templates``, caught by the tests).
    init() throws {
        var library = MustacheLibrary()
        try library.register(Templates.layout, named: "layout")
        try library.register(Templates.library, named: "library")
        try library.register(Templates.episode, named: "episode")
        try library.register(Templates.ask, named: "ask")
        try library.register(Templates.error, named: "error")
        self.library = library
    }

    /// `view` rendered with template `name` inside the layout.
    func page(
        _ name: String, title: String, view: Any, status: HTTPResponse.Status = .ok, refreshURL: String? = nil
    ) -> Response {
        let content = library.render(view, withTemplate: name) ?? ""
        let html =
            library.render(LayoutView(title: title, content: content, refreshURL: refreshURL), withTemplate: "layout")
            ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A problem as a small page with its status.
    func errorPage(_ problem: ProblemDetails) -> Response {
        var response = page(
            "error", title: problem.title, view: ErrorView(title: problem.title, detail: problem.detail ?? ""),
            status: HTTPResponse.Status(code: problem.status, reasonPhrase: problem.title))
        if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
