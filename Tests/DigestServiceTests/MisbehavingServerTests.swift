import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import Testing

/// The run that never ended (issue 14): many feeds from a server that closes every connection
/// and has a tiny backlog, their links pointing at a port where nothing listens and at names
/// that do not resolve. The run must end, within its deadlines, with every feed read.
@Suite struct MisbehavingServerTests {
    static func feed(_ number: Int, refused: Int) -> [UInt8] {
        let items = (0..<6).map { index in
            let link = index % 2 == 0 ? "http://127.0.0.1:\(refused)/p/\(number)/\(index)" : "http://nohost-\(number)-\(index).digest-test-nonexistent/p"
            return "<item><title>Harbour item \(number) \(index)</title><link>\(link)</link><guid>g\(number)-\(index)</guid>"
                + "<pubDate>Sun, 22 Nov 2026 0\(index):00:00 GMT</pubDate><description>Council \(number) item \(index) news…</description></item>"
        }
        return Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F\(number)</title><link>http://127.0.0.1/</link>\(items.joined())</channel></rss>".utf8)
    }

    @Test("a closing, backlogged server with dead links: `once` ends within its deadlines with every feed read")
    func closingServer() async throws {
        let refused = ClosingServer.refusedPort()
        let server = try ClosingServer(backlog: 5) { path in
            guard path.hasPrefix("/feed/"), let number = Int(path.dropFirst(6).prefix { $0.isNumber }) else { return (404, []) }
            return (200, Self.feed(number, refused: refused))
        }
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-closing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.state = folder.appendingPathComponent("state")
        config.fetch.timeout = 2
        config.fetch.roundDeadline = 40
        config.feeds = (0..<40).map { FeedSource(id: "f\($0)", url: URL(string: "http://127.0.0.1:\(server.port)/feed/\($0).xml")!) }
        let http = HTTPFetcher(options: HTTPFetchOptions(timeout: config.fetch.timeout))
        let pipeline = Pipeline(config: config, fetcher: http, store: try Store(folder: config.state),
                                renderer: try BriefingRenderer(defaults: FetchRoundTests.templates)) { _ in }
        let start = ContinuousClock.now
        let outcome = try await pipeline.runOnce(now: FetchRoundTests.now)
        let took = ContinuousClock.now - start
        await http.shutdown()
        #expect(took < .seconds(45), "the round deadline (40 s) bounds the run; it took \(took)")
        #expect(outcome.briefing.health.feedsRead == 40, "\(outcome.briefing.health.failures.prefix(3))")
        #expect(outcome.written.count == 3)
    }
}
