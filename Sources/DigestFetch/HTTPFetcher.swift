import AsyncHTTPClient
import DigestModel
import Foundation
import NIOCore
import NIOHTTP1

/// Limits and identity for HTTP fetches.
public struct HTTPFetchOptions: Sendable {
    /// The deadline of one whole fetch: connection, redirects, headers and body.
    public var timeout: TimeInterval
    /// The deadline for opening a connection.
    public var connectTimeout: TimeInterval
    /// The largest body accepted, after decompression; enforced while streaming.
    public var maxBytes: Int
    /// The most redirects followed.
    public var maxRedirects: Int
    /// Connections kept per host at once (politeness).
    public var connectionsPerHost: Int
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates options; the defaults suit a feed reader.
    public init(timeout: TimeInterval = 30, connectTimeout: TimeInterval = 10, maxBytes: Int = 10 << 20, maxRedirects: Int = 5,
                connectionsPerHost: Int = 2, userAgent: String = HTTPFetchOptions.defaultUserAgent) {
        // Clamped here as well as where a config is read: every value below turns into
        // nanoseconds or buffer sizes, where an out-of-range number traps.
        self.timeout = timeout.isNaN ? 30 : min(max(timeout, 0.05), 86_400)
        self.connectTimeout = connectTimeout.isNaN ? 10 : min(max(connectTimeout, 0.05), 86_400)
        self.maxBytes = min(max(maxBytes, 1), 1 << 40)
        self.maxRedirects = min(max(maxRedirects, 0), 100)
        self.connectionsPerHost = min(max(connectionsPerHost, 1), 1024)
        self.userAgent = userAgent
    }

    /// An honest User-Agent: what we are. Operators add where to reach them with `[fetch] user_agent`.
    public static let defaultUserAgent = "digest/0.1 (self-hosted news briefing; feed reader)"
}

/// Fetches http(s) URLs with AsyncHTTPClient: conditional requests, a deadline on the whole
/// fetch, a body cap enforced while streaming, gzip/deflate with a cap on the expanded size,
/// and redirects followed here (not by the client) so that permanent moves can be reported
/// and loops caught. One client serves all fetches; call `shutdown()` when done.
public final class HTTPFetcher: Fetcher {
    private let client: HTTPClient
    private let options: HTTPFetchOptions
    private let hosts: HostLimiter
    private let unreachable = UnreachableHosts()
    /// The configuration of the one-hop clients pinned to a checked address.
    private let pinnedConfiguration: HTTPClient.Configuration

    /// The shared client, for requests other than fetches (a webhook's POST).
    var sharedClient: HTTPClient { client }
    /// The deadline of one request, in seconds.
    var timeoutSeconds: TimeInterval { options.timeout }
    /// The `User-Agent` sent.
    var userAgent: String { options.userAgent }

    /// Creates the fetcher and its client.
    public init(options: HTTPFetchOptions = HTTPFetchOptions()) {
        self.options = options
        hosts = HostLimiter(limit: options.connectionsPerHost)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // The connect timeout stays inside the fetch deadline, so an unreachable host is reported as
        // such rather than as a slow one (the client retries refused connections until it expires).
        let connect = min(options.connectTimeout, options.timeout / 2)
        // range-checked: HTTPFetchOptions clamps both to 0.05 s – 1 day.
        configuration.timeout = .init(connect: .milliseconds(Int64(connect * 1000)), read: .milliseconds(Int64(options.timeout * 1000)))
        configuration.decompression = .enabled(limit: .size(options.maxBytes))
        // Politeness per host is `HostLimiter`'s job; the pool only needs room for what it lets through.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, options.connectionsPerHost * 2))
        // A refused connection is reported at once rather than retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        pinnedConfiguration = configuration
    }

    /// Closes the client's connections; the fetcher cannot be used afterwards.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func fetch(_ url: URL, validators: Validators, reach: Reach) async throws(FetchError) -> FetchResult {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .unsupportedScheme(url.scheme ?? "")
        }
        guard let hostName = url.host, !hostName.isEmpty else { throw .badURL("no host name in \(url.absoluteString.clipped(to: 80))") }
        let host = hostName.lowercased() + ":" + String(url.port ?? 0)
        if let failure = unreachable.failure(of: host) { throw failure }
        do {
            return try await hosts.withSlot(for: host) {
                // Checked again after the wait: the fetch ahead in line may have just found it dead.
                if let failure = self.unreachable.failure(of: host) { throw failure }
                return try await self.fetchWithDeadline(url, validators: validators, reach: reach)
            }
        } catch let error as FetchError {
            if case .network(let reason) = error, reason.hasPrefix("cannot resolve") { unreachable.note(error, host: host) }
            throw error
        } catch {
            let failure = Self.translate(error, timeout: options.timeout, limit: options.maxBytes)
            if Self.isConnectFailure(error) { unreachable.note(failure, host: host) }
            throw failure
        }
    }

    /// One fetch under its deadline. The deadline holds even when the HTTP client does not
    /// answer cancellation: the caller (and the host's slot) is released at the deadline and
    /// the request is cancelled and left to end by itself.
    private func fetchWithDeadline(_ url: URL, validators: Validators, reach: Reach) async throws -> FetchResult {
        let deadline = Date().addingTimeInterval(options.timeout)
        do {
            return try await Deadline.run(seconds: options.timeout) {
                try await self.follow(url, validators: validators, reach: reach, deadline: deadline)
            }
        } catch is Deadline.Expired {
            throw FetchError.timeout(seconds: options.timeout)
        }
    }

    /// Sends the request and follows redirects, at most `maxRedirects`, never in a loop. For a
    /// link every hop's host is resolved (and checked) here, and the request connects to that
    /// address on a client of its own (whose DNS override pins the name to it, so TLS still
    /// verifies the name). A client of its own also keeps a dead host's links from queueing in
    /// a shared connection pool's back-off, where hundreds of them wait for one another.
    private func follow(_ start: URL, validators: Validators, reach: Reach, deadline: Date) async throws -> FetchResult {
        var current = start
        var visited: Set<String> = [start.absoluteString]
        var onlyPermanent = true
        var redirects = 0
        while true {
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: options.userAgent)
            request.headers.add(name: "Accept", value: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5")
            request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            if let etag = validators.etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let modified = validators.lastModified { request.headers.add(name: "If-Modified-Since", value: modified) }
            let permanentURL = onlyPermanent && current != start ? current : nil
            let hop: Hop
            if case .link(let allowPrivate) = reach {
                let pinned = try await pinnedClient(for: current, allowPrivate: allowPrivate)
                do {
                    hop = try await send(request, via: pinned, url: current, permanentURL: permanentURL, deadline: deadline)
                } catch {
                    try? await pinned.shutdown()
                    throw error
                }
                try? await pinned.shutdown()
            } else {
                hop = try await send(request, via: client, url: current, permanentURL: permanentURL, deadline: deadline)
            }
            switch hop {
            case .done(let result):
                return result
            case .redirect(let next, let status):
                redirects += 1
                if redirects > options.maxRedirects { throw FetchError.tooManyRedirects(options.maxRedirects) }
                if !visited.insert(next.absoluteString).inserted { throw FetchError.redirectLoop(next.absoluteString) }
                // Only 301 and 308 say the feed has moved for good; one temporary hop makes the move temporary.
                if status != 301 && status != 308 { onlyPermanent = false }
                current = next
            }
        }
    }

    private enum Hop {
        case done(FetchResult)
        case redirect(URL, status: Int)
    }

    /// One request and its answer: a redirect to follow, or the result.
    private func send(_ request: HTTPClientRequest, via client: HTTPClient, url current: URL, permanentURL: URL?, deadline: Date) async throws -> Hop {
        // range-checked: the time left is clamped to 1 ms – 1 day.
        let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(max(0.001, min(deadline.timeIntervalSinceNow, 86_400)) * 1000)))
        let status = Int(response.status.code)
        switch status {
        case 301, 302, 303, 307, 308:
            guard let location = response.headers.first(name: "Location") else { throw FetchError.badRedirect("") }
            guard let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: current)?.absoluteURL,
                  let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https", next.host?.isEmpty == false else {
                throw FetchError.badRedirect(location.clipped(to: 80))
            }
            return .redirect(next, status: status)
        case 304:
            return .done(.notModified(finalURL: current, permanentURL: permanentURL))
        case 410:
            throw FetchError.gone
        case 429, 503:
            throw FetchError.rateLimited(status: status, retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfter))
        case 200..<300:
            if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > options.maxBytes {
                throw FetchError.tooLarge(limit: options.maxBytes)
            }
            var body = Data()
            for try await chunk in response.body {
                if chunk.readableBytes > options.maxBytes - body.count { throw FetchError.tooLarge(limit: options.maxBytes) }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return .done(.fetched(FetchedDocument(
                finalURL: current, status: status, contentType: response.headers.first(name: "Content-Type"),
                etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified"),
                body: body, permanentURL: permanentURL, freshFor: Self.freshness(response.headers)
            )))
        default:
            throw FetchError.httpStatus(status)
        }
    }

    /// A client for one hop whose host is resolved once, checked, and pinned to the checked
    /// address. `getaddrinfo` blocks, so it runs on a thread of its own, outside the
    /// cooperative pool; the fetch's deadline bounds the wait.
    private func pinnedClient(for url: URL, allowPrivate: Bool) async throws -> HTTPClient {
        let host = (url.host ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let address: ResolvedAddress = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { () throws(FetchError) -> ResolvedAddress in
                    try NetworkPolicy.address(for: host, port: port, allowPrivate: allowPrivate)
                })
            }
        }
        var configuration = pinnedConfiguration
        // The client's own name for the host: IPv6 literals in brackets.
        configuration.dnsOverride = [host: address.text, "[\(host)]": address.text]
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `Retry-After`: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3).
    static func retryAfter(_ value: String) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return Date().addingTimeInterval(TimeInterval(seconds)) }
        return HTTPDate.parse(trimmed)
    }

    /// How long a response stays fresh: `Cache-Control: max-age`, else `Expires` minus `Date`.
    static func freshness(_ headers: HTTPHeaders) -> TimeInterval? {
        for directive in headers[canonicalForm: "Cache-Control"] {
            let parts = directive.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "max-age",
               let seconds = TimeInterval(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \""))), seconds >= 0 {
                return seconds
            }
        }
        if let expires = headers.first(name: "Expires").flatMap(HTTPDate.parse) {
            let now = headers.first(name: "Date").flatMap(HTTPDate.parse) ?? Date()
            return max(0, expires.timeIntervalSince(now))
        }
        return nil
    }

    /// Whether the error says the host cannot be reached at all (refused, unresolvable,
    /// unreachable, no answer to the connection attempt), as opposed to one slow or broken
    /// response.
    static func isConnectFailure(_ error: any Error) -> Bool {
        if let client = error as? HTTPClientError, client == .connectTimeout { return true }
        let text = String(describing: error)
        return ["Connection refused", "UnknownHost", "No route to host", "Network is unreachable", "connectTimeout"].contains { text.contains($0) }
    }

    /// The operator's reading of an error from the HTTP stack.
    static func translate(_ error: any Error, timeout: TimeInterval, limit: Int) -> FetchError {
        if error is CancellationError { return .timeout(seconds: timeout) }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .getConnectionFromPoolTimeout: return .network("cannot connect (refused or unreachable)")
            case .deadlineExceeded, .readTimeout: return .timeout(seconds: timeout)
            case .cancelled: return .timeout(seconds: timeout)
            case .emptyHost: return .badURL("no host name")
            case .invalidURL: return .badURL("not a valid URL")
            case .remoteConnectionClosed: return .network("the server closed the connection before answering")
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("limit") && text.lowercased().contains("decompress") { return .decompressionBomb(limit: limit) }
        if String(describing: type(of: error)).contains("Decompression") { return .decompressionBomb(limit: limit) }
        // The stack's own texts ("connection reset (error set): Connection refused (errno: 111)")
        // said plainly.
        let plain: [(String, String)] = [
            ("Connection refused", "connection refused (nothing listens on that port)"),
            ("UnknownHost", "cannot resolve the host name"),
            ("No route to host", "no route to the host"),
            ("Network is unreachable", "the network is unreachable"),
            ("Connection reset by peer", "the server reset the connection"),
            ("handshake", "TLS handshake failed"),
            ("certificate", "the server's TLS certificate is not valid for it"),
        ]
        if let (_, said) = plain.first(where: { text.contains($0.0) }) { return .network(said) }
        return .network(text.clipped(to: 200))
    }
}

/// Hosts that just failed at the connection level (refused, unresolvable, unreachable, no
/// answer to a connection attempt). For a minute, other fetches to the same host fail at once
/// with the same cause instead of queueing for their turn and failing one by one: a feed whose
/// 40 links point at a dead server costs one attempt, not 40 timeouts.
final class UnreachableHosts: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: (error: FetchError, until: Date)] = [:]
    static let memory: TimeInterval = 60

    func failure(of host: String) -> FetchError? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = failures[host] else { return nil }
        if entry.until < Date() {
            failures[host] = nil
            return nil
        }
        return entry.error
    }

    func note(_ error: FetchError, host: String) {
        lock.lock()
        defer { lock.unlock() }
        // Bounded: expired entries go when the table grows.
        if failures.count > 10_000 {
            let now = Date()
            failures = failures.filter { $0.value.until > now }
            if failures.count > 10_000 { failures.removeAll() }
        }
        failures[host] = (error, Date().addingTimeInterval(Self.memory))
    }
}
