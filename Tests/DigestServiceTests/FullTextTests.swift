import DigestFetch
import DigestModel
import DigestRender
@testable import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// Teasers replaced by the article behind their link, served from 127.0.0.1.
@Suite struct FullTextTests {
    static let now = FetchRoundTests.now
    static let longText = String(repeating: "The council discussed the budget for the coming year in great detail and at length. ", count: 8)

    static func feed(_ server: TestHTTPServer) -> [UInt8] {
        Array("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
            <item><title>Bridge approved</title><link>\(server.url("/bridge").absoluteString)</link><guid>t1</guid>
            <pubDate>Sun, 22 Nov 2026 05:00:00 GMT</pubDate><description>The council approved the bridge… Read more</description></item>
            <item><title>Library hours</title><link>\(server.url("/missing").absoluteString)</link><guid>t2</guid>
            <pubDate>Sun, 22 Nov 2026 04:00:00 GMT</pubDate><description>The library changes its hours.</description></item>
            <item><title>Budget debate</title><link>\(server.url("/budget").absoluteString)</link><guid>t3</guid>
            <pubDate>Sun, 22 Nov 2026 03:00:00 GMT</pubDate><description>\(longText)</description></item>
            <item><title>Local file</title><link>file:///etc/hostname</link><guid>t4</guid>
            <pubDate>Sun, 22 Nov 2026 02:00:00 GMT</pubDate><description>A short teaser pointing at a local file.</description></item>
            </channel></rss>
            """.utf8)
    }

    static let bridgePage = Array("""
        <html><head><title>Bridge approved | Courier</title><meta name="author" content="A. Writer"></head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Bridge approved</h1>
        <p>The council approved the footbridge on Thursday after six years of debate, and building could start in the spring.</p>
        <p>The bridge will cost 2.4 million euros and link the mill quarter with the station, replacing the ferry that residents use now.</p>
        <p>Opponents, who wanted the money spent on roads, said they accepted the result and would watch the costs closely.</p>
        </article><footer>Contact us</footer></body></html>
        """.utf8)

    static let budgetPage = Array("<html><body><article><p>\(longText) The page adds a closing paragraph that the feed did not carry, about the vote.</p></article></body></html>".utf8)

    static func route(_ server: @escaping @Sendable () -> TestHTTPServer?) -> @Sendable (HTTPRequestHead) -> TestHTTPServer.Response {
        { head in
            switch head.uri {
            case "/feed": .init(body: .bytes(server().map(Self.feed) ?? []))
            case "/bridge":
                head.headers.first(name: "If-None-Match") == "\"b1\""
                    ? .init(status: .notModified)
                    : .init(headers: [("Content-Type", "text/html; charset=utf-8"), ("ETag", "\"b1\"")], body: .bytes(bridgePage))
            case "/budget": .init(headers: [("Content-Type", "text/html")], body: .bytes(budgetPage))
            default: .init(status: .notFound)
            }
        }
    }

    final class ServerBox: Sendable {
        let server = Synchronization.Mutex<TestHTTPServer?>(nil)
    }

    /// A pipeline over one feed, in a fresh folder (`folder`, for the caller to remove), with the
    /// lines it reports.
    static func pipeline(_ feed: FeedSource, folder: URL) throws -> (pipeline: Pipeline, store: Store, http: HTTPFetcher, lines: FetchRoundTests.Lines) {
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.feeds = [feed]
        let http = HTTPFetcher()
        let store = try Store(folder: folder.appendingPathComponent("state"))
        let lines = FetchRoundTests.Lines()
        let pipeline = Pipeline(config: config, fetcher: http, store: store, renderer: try BriefingRenderer(defaults: FetchRoundTests.templates)) {
            lines.append($0)
        }
        return (pipeline, store, http, lines)
    }

    func run(fullText: Bool, rounds: [TimeInterval]) async throws -> (articles: [String: Article], paths: [String], lines: [String], bridgeHeaders: [String?]) {
        let box = ServerBox()
        let server = try await TestHTTPServer.start(Self.route { box.server.withLock { $0 } })
        box.server.withLock { $0 = server }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-fulltext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (pipeline, store, http, lines) = try Self.pipeline(FeedSource(id: "teasers", url: server.url("/feed"), fullText: fullText), folder: folder)
        for offset in rounds { _ = try await pipeline.runOnce(now: Self.now.addingTimeInterval(offset)) }
        let articles = try store.articles(in: Date.distantPast...Date.distantFuture)
        let bridgeHeaders = server.requests.withLock { $0.filter { $0.uri == "/bridge" }.map { $0.headers.first(name: "If-None-Match") } }
        await http.shutdown()
        await server.stop()
        return (Dictionary(uniqueKeysWithValues: articles.map { ($0.title, $0) }), server.paths, lines.all, bridgeHeaders)
    }

    @Test("a teaser is replaced by its page's article text; a failing page leaves the feed's text and is reported")
    func teasers() async throws {
        let result = try await run(fullText: false, rounds: [0])
        let bridge = try #require(result.articles["Bridge approved"])
        #expect(bridge.paragraphs.count == 3)
        #expect(bridge.paragraphs.first?.hasPrefix("The council approved the footbridge on Thursday") == true)
        #expect(!bridge.paragraphs.joined().contains("Contact us"))
        #expect(result.articles["Library hours"]?.paragraphs == ["The library changes its hours."])
        #expect(result.lines.contains { $0.contains("/missing") && $0.contains("full text unavailable (HTTP 404)") && $0.contains("using the feed's text") })
        // A long entry is not a teaser: its page is not fetched unless the feed asks for full text.
        #expect(!result.paths.contains("/budget"))
        // An HTTP feed's file: link is never read.
        #expect(result.articles["Local file"]?.paragraphs == ["A short teaser pointing at a local file."])
    }

    @Test("a fetched page is reused from the store, then revalidated with its ETag; a failing page waits out its backoff")
    func cache() async throws {
        // Rounds at 0, +1 h (page fresh: not asked), +7 h (stale: conditional request, 304).
        let result = try await run(fullText: false, rounds: [0, 3600, 7 * 3600])
        #expect(result.bridgeHeaders == [nil, "\"b1\""])
        #expect(result.articles["Bridge approved"]?.paragraphs.count == 3)
        // /missing failed at 0; the 5-minute backoff has passed at +1 h and +7 h, so it is retried, not hammered in between.
        #expect(result.paths.filter { $0 == "/missing" }.count == 3)
    }

    @Test("an article older than two days keeps its cached page without asking its site again")
    func settled() async throws {
        // The bridge article is from 05:00; rounds at 06:00 and three days later.
        let result = try await run(fullText: false, rounds: [0, 3 * 86400])
        #expect(result.bridgeHeaders == [nil])
        #expect(result.articles["Bridge approved"]?.paragraphs.count == 3)
    }

    @Test("a feed with full_text = true has every entry's page fetched")
    func fullTextFeed() async throws {
        let result = try await run(fullText: true, rounds: [0])
        #expect(result.paths.contains("/budget"))
        #expect(result.articles["Budget debate"]?.paragraphs.last?.hasSuffix("about the vote.") == true)
    }

    /// A feed of `count` teasers listed oldest first, one an hour back from `FullTextTests.now`,
    /// each linking to a page of its own.
    static func busyFeed(_ server: TestHTTPServer, count: Int) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let items = (0..<count).reversed().map { age in
            """
            <item><title>Item \(age)</title><link>\(server.url("/p/\(age)").absoluteString)</link><guid>b\(age)</guid>
            <pubDate>\(formatter.string(from: now.addingTimeInterval(-Double(age) * 3600 - 60)))</pubDate>
            <description>Teaser \(age) of the council's week… Read more</description></item>
            """
        }
        return Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Busy</title>\(items.joined())</channel></rss>".utf8)
    }

    @Test("a busy feed's teasers get their pages in one round, newest first; beyond the round's cap the oldest wait for the next")
    func busyFeed() async throws {
        let count = FullText.maxRequestsPerFeed + 30
        let box = ServerBox()
        let server = try await TestHTTPServer.start { head in
            if head.uri == "/feed" { return .init(body: .bytes(box.server.withLock { $0 }.map { Self.busyFeed($0, count: count) } ?? [])) }
            let number = head.uri.split(separator: "/").last.map(String.init) ?? ""
            return .init(headers: [("Content-Type", "text/html")], body: .bytes(Array("""
                <html><body><article><h1>Item \(number)</h1>
                <p>Page \(number) tells the whole story of the council's week, which the feed only began to tell.</p>
                <p>The second paragraph of page \(number) names the people who spoke at the meeting and what they said.</p>
                </article></body></html>
                """.utf8)))
        }
        box.server.withLock { $0 = server }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-busy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (pipeline, store, http, lines) = try Self.pipeline(FeedSource(id: "busy", url: server.url("/feed")), folder: folder)
        func fullText() throws -> Set<String> {
            Set(try store.articles(in: Date.distantPast...Date.distantFuture).filter { $0.paragraphs.count > 1 }.map(\.title))
        }
        _ = try await pipeline.runOnce(now: Self.now)
        // The newest pages, whatever the feed's order; the 30 oldest keep their teasers, and the log says so.
        #expect(try fullText() == Set((0..<FullText.maxRequestsPerFeed).map { "Item \($0)" }))
        #expect(lines.all.contains { $0.contains("feed busy: 30 article pages wait for the next round") })
        let firstRound = server.paths.filter { $0.hasPrefix("/p/") }.count
        #expect(firstRound == FullText.maxRequestsPerFeed)
        // An hour later the cached pages are not asked for again and do not use up the round: the rest come.
        _ = try await pipeline.runOnce(now: Self.now.addingTimeInterval(3600))
        #expect(try fullText().count == count)
        #expect(server.paths.filter { $0.hasPrefix("/p/") }.count == count)
        await http.shutdown()
        await server.stop()
    }

    @Test("entries are taken newest first, undated ones last, in the feed's order otherwise")
    func newestFirst() {
        let day = Date(timeIntervalSince1970: 1_800_000_000)
        let dates: [Date?] = [day, nil, day.addingTimeInterval(60), day, nil, day.addingTimeInterval(-60)]
        #expect(FullText.newestFirst(dates) == [2, 0, 3, 5, 1, 4])
    }
}
