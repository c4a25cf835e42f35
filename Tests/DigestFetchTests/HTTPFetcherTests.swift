import DigestFetch
import DigestModel
import Foundation
import NIOHTTP1
import DigestTestSupport
import Testing

/// The HTTP fetcher against a server on 127.0.0.1; nothing here leaves the machine.
@Suite struct HTTPFetcherTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let feed = Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title></channel></rss>".utf8)

    /// Runs `body` with a server and a fetcher, and stops both.
    func withServer<T>(options: HTTPFetchOptions = HTTPFetchOptions(timeout: 5),
                       _ route: @escaping @Sendable (HTTPRequestHead) -> TestHTTPServer.Response,
                       _ body: (TestHTTPServer, HTTPFetcher) async throws -> T) async throws -> T {
        let server = try await TestHTTPServer.start(route)
        let fetcher = HTTPFetcher(options: options)
        do {
            let result = try await body(server, fetcher)
            await fetcher.shutdown()
            await server.stop()
            return result
        } catch {
            await fetcher.shutdown()
            await server.stop()
            throw error
        }
    }

    func fetchError(_ fetcher: HTTPFetcher, _ url: URL, validators: Validators = .none) async -> FetchError? {
        do {
            _ = try await fetcher.fetch(url, validators: validators)
            return nil
        } catch {
            return error
        }
    }

    @Test("a feed that answers 304 to its ETag is not downloaded again")
    func etag() async throws {
        try await withServer({ head in
            head.headers.first(name: "If-None-Match") == "\"v1\""
                ? .init(status: .notModified)
                : .init(headers: [("ETag", "\"v1\""), ("Content-Type", "application/rss+xml")], body: .bytes(Self.feed))
        }) { server, fetcher in
            guard case .fetched(let first) = try await fetcher.fetch(server.url("/feed"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(first.etag == "\"v1\"")
            #expect(first.body == Data(Self.feed))
            #expect(first.contentType == "application/rss+xml")
            let second = try await fetcher.fetch(server.url("/feed"), validators: Validators(etag: first.etag))
            #expect(second == .notModified(finalURL: server.url("/feed"), permanentURL: nil))
        }
    }

    @Test("a feed that answers 304 to its Last-Modified date is not downloaded again")
    func lastModified() async throws {
        let stamp = "Sat, 21 Nov 2026 10:00:00 GMT"
        try await withServer({ head in
            head.headers.first(name: "If-Modified-Since") == stamp
                ? .init(status: .notModified)
                : .init(headers: [("Last-Modified", stamp)], body: .bytes(Self.feed))
        }) { server, fetcher in
            guard case .fetched(let first) = try await fetcher.fetch(server.url("/feed"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(first.lastModified == stamp)
            if case .fetched = try await fetcher.fetch(server.url("/feed"), validators: Validators(lastModified: first.lastModified)) {
                Issue.record("expected 304")
            }
        }
    }

    @Test("a chain of 301s is followed and reported as the feed's new home; a 302 in it is not")
    func permanentRedirects() async throws {
        try await withServer({ head in
            switch head.uri {
            case "/old": .init(status: .movedPermanently, headers: [("Location", "/middle")])
            case "/middle": .init(status: .permanentRedirect, headers: [("Location", "/new")])
            case "/temporary": .init(status: .found, headers: [("Location", "/new")])
            case "/new": .init(body: .bytes(Self.feed))
            default: .init(status: .notFound)
            }
        }) { server, fetcher in
            guard case .fetched(let moved) = try await fetcher.fetch(server.url("/old"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(moved.finalURL == server.url("/new"))
            #expect(moved.permanentURL == server.url("/new"))
            guard case .fetched(let temporary) = try await fetcher.fetch(server.url("/temporary"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(temporary.finalURL == server.url("/new"))
            #expect(temporary.permanentURL == nil)
        }
    }

    @Test("a redirect loop is stopped and named")
    func redirectLoop() async throws {
        try await withServer({ head in
            .init(status: .found, headers: [("Location", head.uri == "/a" ? "/b" : "/a")])
        }) { server, fetcher in
            let error = await fetchError(fetcher, server.url("/a"))
            #expect(error == .redirectLoop(server.url("/a").absoluteString))
            #expect(error?.description.hasPrefix("redirect loop") == true)
        }
    }

    @Test("more than five redirects are refused")
    func tooManyRedirects() async throws {
        try await withServer({ head in
            let step = Int(head.uri.dropFirst()) ?? 0
            return .init(status: .found, headers: [("Location", "/\(step + 1)")])
        }) { server, fetcher in
            #expect(await fetchError(fetcher, server.url("/0")) == .tooManyRedirects(5))
            #expect(server.paths.count == 6)
        }
    }

    @Test("errors say what the server said", arguments: [
        (HTTPResponseStatus.gone, FetchError.gone),
        (.internalServerError, .httpStatus(500)),
        (.notFound, .httpStatus(404)),
        (.forbidden, .httpStatus(403)),
    ])
    func statuses(_ status: HTTPResponseStatus, _ expected: FetchError) async throws {
        try await withServer({ _ in .init(status: status) }) { server, fetcher in
            let error = await fetchError(fetcher, server.url("/feed"))
            #expect(error == expected)
        }
    }

    @Test("429 and 503 carry the Retry-After time, in seconds or as a date")
    func retryAfter() async throws {
        try await withServer({ head in
            head.uri == "/seconds"
                ? .init(status: .tooManyRequests, headers: [("Retry-After", "120")])
                : .init(status: .serviceUnavailable, headers: [("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")])
        }) { server, fetcher in
            let before = Date()
            guard case .rateLimited(429, let wait?) = await fetchError(fetcher, server.url("/seconds")) else {
                Issue.record("expected 429 with a time")
                return
            }
            #expect(wait.timeIntervalSince(before) > 100 && wait.timeIntervalSince(before) < 140)
            guard case .rateLimited(503, let date?) = await fetchError(fetcher, server.url("/date")) else {
                Issue.record("expected 503 with a time")
                return
            }
            #expect(date.ISO8601Format() == "2037-10-21T07:28:00Z")
        }
    }

    @Test("a server that drips one byte a second is cut off at the deadline")
    func slowDrip() async throws {
        try await withServer(options: HTTPFetchOptions(timeout: 2), { _ in .init(body: .drip(count: 60, interval: .seconds(1))) }) { server, fetcher in
            let start = ContinuousClock.now
            let error = await fetchError(fetcher, server.url("/drip"))
            #expect(error == .timeout(seconds: 2))
            #expect(error?.description == "timeout after 2s")
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test("a 40 MB body is refused at the cap, with and without a Content-Length", arguments: [true, false])
    func largeBody(_ declared: Bool) async throws {
        try await withServer(options: HTTPFetchOptions(timeout: 10), { _ in .init(body: .stream(total: 40 << 20, declareLength: declared)) }) { server, fetcher in
            let error = await fetchError(fetcher, server.url("/big"))
            #expect(error == .tooLarge(limit: 10 << 20))
            #expect(error?.description == "body over 10 MB")
        }
    }

    @Test("a gzip bomb is refused while it expands")
    func gzipBomb() async throws {
        let bomb = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("bomb.gz")))
        try await withServer({ _ in .init(headers: [("Content-Encoding", "gzip")], body: .bytes(bomb)) }) { server, fetcher in
            let error = await fetchError(fetcher, server.url("/bomb"))
            #expect(error == .decompressionBomb(limit: 10 << 20) || error == .tooLarge(limit: 10 << 20))
        }
    }

    @Test("a gzip-encoded feed arrives decompressed")
    func gzip() async throws {
        let zipped = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("feed.xml.gz")))
        try await withServer({ _ in .init(headers: [("Content-Encoding", "gzip")], body: .bytes(zipped)) }) { server, fetcher in
            guard case .fetched(let document) = try await fetcher.fetch(server.url("/feed"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(String(decoding: document.body, as: UTF8.self).contains("<title>Zipped</title>"))
        }
    }

    @Test("requests say who is asking, and that compressed answers are welcome")
    func identity() async throws {
        try await withServer({ _ in .init(body: .bytes(Self.feed)) }) { server, fetcher in
            _ = try await fetcher.fetch(server.url("/feed"), validators: .none)
            let head = try #require(server.requests.withLock { $0.first })
            #expect(head.headers.first(name: "User-Agent")?.hasPrefix("digest/") == true)
            #expect(head.headers.first(name: "Accept-Encoding")?.contains("gzip") == true)
        }
    }

    @Test("Cache-Control max-age sets how long the answer stays fresh")
    func freshness() async throws {
        try await withServer({ _ in .init(headers: [("Cache-Control", "public, max-age=900")], body: .bytes(Self.feed)) }) { server, fetcher in
            guard case .fetched(let document) = try await fetcher.fetch(server.url("/feed"), validators: .none) else {
                Issue.record("expected a body")
                return
            }
            #expect(document.freshFor == 900)
        }
    }

    @Test("a port where nothing listens is a clear error within the deadline, not a crash")
    func refused() async throws {
        let fetcher = HTTPFetcher(options: HTTPFetchOptions(timeout: 3))
        let error = await fetchError(fetcher, URL(string: "http://127.0.0.1:9/feed")!)
        await fetcher.shutdown()
        // The client retries a refused connection until its connect timeout; on a loaded machine
        // the fetch deadline may come first. Either way the operator reads why.
        switch error {
        case .network?: break
        case .timeout?: break
        default: Issue.record("expected a network error or a timeout, got \(String(describing: error))")
        }
    }
}
