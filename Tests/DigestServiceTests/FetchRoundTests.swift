import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import Synchronization
import NIOHTTP1
import Testing

/// The pipeline against feeds served from 127.0.0.1, healthy and hostile.
@Suite struct FetchRoundTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")
    static let now = Date(timeIntervalSince1970: 1_795_327_200)
    static let feed = Array("""
        <?xml version="1.0"?><rss version="2.0"><channel><title>Healthy</title>
        <item><title>Water main repaired</title><link>https://h.example/1</link><guid>h1</guid>
        <pubDate>Sun, 22 Nov 2026 05:00:00 GMT</pubDate><description>Crews fixed the main overnight. Supply is back.</description></item>
        </channel></rss>
        """.utf8)

    static let bomb = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DigestFetchTests/Fixtures/bomb.gz")))) ?? []

    static func route(_ head: HTTPRequestHead) -> TestHTTPServer.Response {
        switch head.uri {
        case "/bomb": .init(headers: [("Content-Encoding", "gzip")], body: .bytes(bomb))
        case "/healthy":
            head.headers.first(name: "If-None-Match") == "\"v1\""
                ? .init(status: .notModified)
                : .init(headers: [("ETag", "\"v1\"")], body: .bytes(feed))
        case "/old-home": .init(status: .movedPermanently, headers: [("Location", "/healthy")])
        case "/error": .init(status: .internalServerError)
        case "/huge": .init(body: .stream(total: 40 << 20, declareLength: false))
        case "/drip": .init(body: .drip(count: 30, interval: .seconds(1)))
        case "/loop-a": .init(status: .found, headers: [("Location", "/loop-b")])
        case "/loop-b": .init(status: .found, headers: [("Location", "/loop-a")])
        case "/html": .init(headers: [("Content-Type", "text/html")], body: .bytes(Array("<html><body>Not a feed</body></html>".utf8)))
        default: .init(status: .notFound)
        }
    }

    final class Lines: Sendable {
        let lines = Synchronization.Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("one healthy feed among failing ones is briefed, every failure is named, and a second run revalidates")
    func hostileRound() async throws {
        let server = try await TestHTTPServer.start(Self.route)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-round-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.state = folder.appendingPathComponent("state")
        config.fetch.timeout = 5
        config.feeds = ["old-home", "error", "huge", "bomb", "drip", "loop-a", "html"].map { (name: String) in FeedSource(id: name, url: server.url("/" + name)) }
        let http = HTTPFetcher(options: HTTPFetchOptions(timeout: config.fetch.timeout, maxBytes: config.fetch.maxBytes))
        let store = try Store(folder: config.state)
        let lines = Lines()
        let pipeline = Pipeline(config: config, fetcher: http, store: store, renderer: try BriefingRenderer(defaults: Self.templates)) { lines.append($0) }

        let start = ContinuousClock.now
        let first = try await pipeline.runOnce(now: Self.now)
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(first.written.count == 3, "failures: \(first.briefing.health.failures)")
        let health = first.briefing.health
        #expect(health.feedsRead == 1)
        #expect(first.briefing.stories.map(\.headline) == ["Water main repaired"])
        let messages = Dictionary(uniqueKeysWithValues: health.failures.map { ($0.feedID, $0.message) })
        #expect(messages["error"] == "HTTP 500")
        #expect(messages["huge"] == "body over 10 MB")
        #expect(messages["drip"] == "timeout after 5s")
        #expect(messages["bomb"] == "decompressed body over 10 MB" || messages["bomb"] == "body over 10 MB")
        #expect(Self.bomb.count > 1000)
        #expect(messages["loop-a"]?.hasPrefix("redirect loop") == true, "\(messages)")
        #expect(messages["html"]?.hasPrefix("not a feed") == true)
        #expect(lines.all.filter { $0.hasPrefix("feed ") && !$0.contains("moved permanently") }.count == 6)
        // The 301 is remembered: the next fetch goes straight to the new home.
        #expect(try store.feedState(id: "old-home", configuredURL: server.url("/old-home")).url == server.url("/healthy"))

        let before = server.paths.count
        let second = try await pipeline.runOnce(now: Self.now.addingTimeInterval(60))
        let secondRequests = server.requests.withLock { Array($0[before...]) }
        #expect(secondRequests.map(\.uri) == ["/healthy"], "failing feeds wait out their backoff")
        #expect(secondRequests.first?.headers.first(name: "If-None-Match") == "\"v1\"")
        #expect(second.briefing.health.itemsRead == 0)
        // The first briefing told the only story; nothing is told twice.
        #expect(second.briefing.stories.isEmpty)
        #expect(second.briefing.health.failures.count == 6)
        #expect(second.briefing.health.failures.allSatisfy { $0.message.contains("next try after") })
        await http.shutdown()
        await server.stop()
    }

    @Test("a feed that answers 410 is disabled and not asked again")
    func gone() async throws {
        let server = try await TestHTTPServer.start { _ in .init(status: .gone) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-gone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.feeds = [FeedSource(id: "gone", url: server.url("/feed"))]
        let http = HTTPFetcher()
        let store = try Store(folder: folder.appendingPathComponent("state"))
        let pipeline = Pipeline(config: config, fetcher: http, store: store, renderer: try BriefingRenderer(defaults: Self.templates)) { _ in }
        let first = try await pipeline.runOnce(now: Self.now)
        #expect(first.written.isEmpty)
        // Far in the future, past any backoff: still not asked.
        _ = try await pipeline.runOnce(now: Self.now.addingTimeInterval(30 * 86_400))
        #expect(server.paths.count == 1)
        #expect(try store.feedState(id: "gone", configuredURL: server.url("/feed")).disabled)
        await http.shutdown()
        await server.stop()
    }

    @Test("a feed served with the wrong content type and charset is still read by its content")
    func wrongContentType() async throws {
        let body = Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Mislabelled</title><item><title>Café reopens</title><guid>m1</guid><pubDate>Sun, 22 Nov 2026 05:00:00 GMT</pubDate><description>The café on Quay Street reopened.</description></item></channel></rss>".utf8)
        let server = try await TestHTTPServer.start { _ in .init(headers: [("Content-Type", "text/html; charset=iso-8859-1")], body: .bytes(body)) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-mislabelled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.feeds = [FeedSource(id: "mislabelled", url: server.url("/feed.html"))]
        let http = HTTPFetcher()
        let pipeline = Pipeline(config: config, fetcher: http, store: try Store(folder: folder.appendingPathComponent("state")),
                                renderer: try BriefingRenderer(defaults: Self.templates)) { _ in }
        let outcome = try await pipeline.runOnce(now: Self.now)
        #expect(outcome.briefing.stories.map(\.headline) == ["Café reopens"])
        #expect(outcome.briefing.health.failures.isEmpty)
        await http.shutdown()
        await server.stop()
    }
}
