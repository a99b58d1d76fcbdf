import AsyncHTTPClient
import Foundation
import NIOCore
import PodbotLibrary

/// What fetching a feed, transcript or chapters document gave.
public enum FetchOutcome: Sendable, Equatable {
    /// The server says the copy we hold is current (HTTP 304): nothing was downloaded.
    case notModified
    /// The document's bytes and the validators to send next time.
    case fetched([UInt8], HTTPValidators)
}

/// Where a feed or one of its documents lives.
public enum ResourceLocation: Sendable, Equatable, CustomStringConvertible {
    case web(String)
    case file(String)

    public var description: String {
        switch self {
        case .web(let url): url
        case .file(let path): path
        }
    }

    /// What a user gave `podbot feed add`: an http(s) URL, a `file:` URL or a path to a feed file.
    public static func given(_ reference: String) throws -> ResourceLocation {
        try resolve(reference, against: nil)
    }

    /// A URL found in a feed, resolved against the feed's own location.
    ///
    /// Only http and https are fetched. A feed on disk may also name files, relative to its folder; a feed from
    /// the web may not, so that a remote feed can never make podbot read a local file.
    public static func resolve(_ reference: String, against base: ResourceLocation?) throws -> ResourceLocation {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let scheme = trimmed.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:"#, options: .regularExpression)
            .map { trimmed[$0].dropLast().lowercased() }
        switch (scheme, base) {
        case ("http", _), ("https", _):
            guard URL(string: trimmed)?.host != nil else {
                throw FeedError(source: trimmed, reason: "is not a valid URL")
            }
            return .web(trimmed)
        case ("file", nil), ("file", .file):
            guard let path = URL(string: trimmed)?.path, !path.isEmpty else {
                throw FeedError(source: trimmed, reason: "is not a valid file URL")
            }
            return .file(path)
        case (nil, nil):
            return .file(URL(fileURLWithPath: trimmed).standardizedFileURL.path)
        case (nil, .file(let feedPath)):
            let folder = URL(fileURLWithPath: feedPath).deletingLastPathComponent()
            return .file(URL(fileURLWithPath: trimmed, relativeTo: folder).standardizedFileURL.path)
        case (nil, .web(let feedURL)):
            guard let absolute = URL(string: trimmed, relativeTo: URL(string: feedURL))?.absoluteString else {
                throw FeedError(source: trimmed, reason: "is not a valid URL")
            }
            return .web(absolute)
        case (let scheme?, _):
            throw FeedError(
                source: trimmed, reason: "\(scheme): URLs are not fetched; podbot fetches http and https only")
        }
    }
}

/// Fetches documents with size limits, and conditional GETs where a server supports them.
public struct ResourceFetcher: Sendable {
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameters:
    ///   - client: by default ``HTTPClient/feeds``: at most 5 redirects, 10 s to connect, 30 s between reads.
    ///   - timeout: the most one download may take in all.
    public init(client: HTTPClient = .feeds, timeout: TimeAmount = .seconds(300)) {
        self.client = client
        self.timeout = timeout
    }

    /// The document at `location`, or `.notModified` when `validators` are still current.
    /// - Throws: `FeedError` naming the URL or file: HTTP status, size limit, network failure.
    public func fetch(_ location: ResourceLocation, validators: HTTPValidators = HTTPValidators(), maxBytes: Int)
        async throws -> FetchOutcome
    {
        switch location {
        case .file(let path): return try readFile(path, maxBytes: maxBytes)
        case .web(let url): return try await download(url, validators: validators, maxBytes: maxBytes)
        }
    }

    /// Downloads a large document (an episode's audio) to `path`, resumably: the bytes so far stay in
    /// `path.partial`, and a rerun asks only for the rest (`Range`); a server that ignores ranges sends it all
    /// again. A local file is used where it is.
    /// - Returns: the path of the complete file.
    /// - Throws: `FeedError` naming the URL: HTTP status, size limit, network failure.
    public func download(_ location: ResourceLocation, to path: String, maxBytes: Int) async throws -> String {
        guard case .web(let url) = location else { return location.description }
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = path + ".partial"
        let have = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
        let response = try await execute(
            url, headers: have > 0 ? [("Range", "bytes=\(have)-")] : [], timeout: .hours(6))
        let resuming: Bool
        switch response.status.code {
        case 206: resuming = true
        case 200..<300: resuming = false
        case 416 where have > 0: resuming = true  // the partial file already holds everything
        default: throw Self.statusError(response, url: url)
        }
        if !resuming { FileManager.default.createFile(atPath: partial, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw FeedError(source: partial, reason: "cannot be written", kind: .internal)
        }
        defer { try? handle.close() }
        var size = resuming ? Int(try handle.seekToEnd()) : 0
        if response.status.code != 416 {
            do {
                for try await buffer in response.body {
                    size += buffer.readableBytes
                    guard size <= maxBytes else {
                        throw FeedError(source: url, reason: "is larger than the limit of \(maxBytes) bytes")
                    }
                    try handle.write(contentsOf: Data(buffer.readableBytesView))
                }
            } catch let error as FeedError {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            } catch {
                throw FeedError(source: url, reason: "download failed: \(Self.describe(error))", kind: .unavailable)
            }
        }
        try handle.close()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    private func readFile(_ path: String, maxBytes: Int) throws -> FetchOutcome {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FeedError(source: path, reason: "no such file", kind: .notFound)
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            throw FeedError(source: path, reason: "is \(size) bytes; the limit is \(maxBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FeedError(source: path, reason: "cannot be read", kind: .notFound)
        }
        return .fetched([UInt8](data), HTTPValidators())
    }

    private func download(_ url: String, validators: HTTPValidators, maxBytes: Int) async throws -> FetchOutcome {
        var conditions: [(String, String)] = []
        if let etag = validators.etag { conditions.append(("If-None-Match", etag)) }
        if let lastModified = validators.lastModified { conditions.append(("If-Modified-Since", lastModified)) }
        let response = try await execute(url, headers: conditions, timeout: timeout)
        switch response.status.code {
        case 304:
            return .notModified
        case 200..<300:
            if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > maxBytes {
                throw FeedError(source: url, reason: "is \(declared) bytes; the limit is \(maxBytes)")
            }
            var bytes: [UInt8] = []
            do {
                for try await buffer in response.body {
                    guard bytes.count + buffer.readableBytes <= maxBytes else {
                        throw FeedError(source: url, reason: "is larger than the limit of \(maxBytes) bytes")
                    }
                    bytes.append(contentsOf: buffer.readableBytesView)
                }
            } catch let error as FeedError {
                throw error
            } catch {
                throw FeedError(source: url, reason: "download failed: \(Self.describe(error))", kind: .unavailable)
            }
            return .fetched(
                bytes,
                HTTPValidators(
                    etag: response.headers.first(name: "ETag"),
                    lastModified: response.headers.first(name: "Last-Modified")))
        default: throw Self.statusError(response, url: url)
        }
    }

    /// A GET of `url` with podbot's User-Agent and `headers`; a network failure as a `FeedError` naming the URL.
    private func execute(_ url: String, headers: [(String, String)], timeout: TimeAmount) async throws
        -> HTTPClientResponse
    {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "podbot (local podcast library)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw FeedError(source: url, reason: "cannot fetch: \(Self.describe(error))", kind: .unavailable)
        }
    }

    /// An HTTP status podbot does not take as the document: not found for 404 and 410, unavailable otherwise.
    private static func statusError(_ response: HTTPClientResponse, url: String) -> FeedError {
        let code = response.status.code
        return FeedError(
            source: url, reason: "HTTP \(code) \(response.status.reasonPhrase)",
            kind: code == 404 || code == 410 ? .notFound : .unavailable)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .redirectLimitReached: return "more than 5 redirects"
            case .redirectCycleDetected: return "a redirect loop"
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            default: return String(describing: error)
            }
        }
        return String(describing: error)
    }
}

extension HTTPClient {
    /// The process-wide client for feeds and their documents: at most 5 redirects (no loops), 10 s to connect and
    /// 30 s between reads; a refused connection fails at once instead of being retried.
    public static let feeds: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.timeout.read = .seconds(30)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
