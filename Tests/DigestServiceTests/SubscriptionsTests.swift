import DigestFeeds
import DigestFetch
import DigestModel
import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import NIOHTTP1
import Testing

/// `digest feeds …` against feeds served from 127.0.0.1.
@Suite struct SubscriptionsTests {
    static let feed = Array("<rss version=\"2.0\"><channel><title>Served</title><item><title>One</title><guid>1</guid></item></channel></rss>".utf8)

    static func route(_ head: HTTPRequestHead) -> TestHTTPServer.Response {
        switch head.uri {
        case "/blog": .init(headers: [("Content-Type", "text/html")], body: .bytes(Array(
            "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/blog/rss\"></head><body>Blog</body></html>".utf8)))
        case "/blog/rss", "/new-home", "/feed": .init(body: .bytes(feed))
        case "/bare": .init(headers: [("Content-Type", "text/html")], body: .bytes(Array("<html><body>No links</body></html>".utf8)))
        case "/moved": .init(status: .movedPermanently, headers: [("Location", "/new-home")])
        default: .init(status: .notFound)
        }
    }

    struct Setup {
        let folder: URL
        let configFile: URL
        func config() throws -> Config { try ConfigLoader.load(configFile) }
    }

    func setup() throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-subs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("digest.toml")
        try "title = \"Subs\"\n[[feeds]]\nurl = \"missing.xml\"\nid = \"configured\"\n".write(to: file, atomically: true, encoding: .utf8)
        return Setup(folder: folder, configFile: file)
    }

    @Test("adding a blog's address subscribes to the feed it announces, in the OPML file beside the config")
    func addDiscovers() async throws {
        let server = try await TestHTTPServer.start(Self.route)
        let setup = try setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let http = HTTPFetcher()
        let added = try await Subscriptions.add(server.url("/blog").absoluteString, name: nil, config: try setup.config(), fetcher: http)
        #expect(added.url == server.url("/blog/rss"))
        #expect(added.name == "Served")
        let config = try setup.config()
        #expect(config.feeds.map(\.id) == ["configured", added.id])
        #expect(FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("feeds.opml").path))
        // Common paths are tried when a page announces nothing.
        let fallback = try await Subscriptions.add(server.url("/bare").absoluteString, name: "Bare", config: config, fetcher: http)
        #expect(fallback.url == server.url("/feed"))
        // The same feed twice is refused.
        await #expect(throws: Subscriptions.Failure.self) {
            _ = try await Subscriptions.add(server.url("/blog/rss").absoluteString, name: nil, config: try setup.config(), fetcher: http)
        }
        try Subscriptions.remove(added.id, config: try setup.config())
        #expect(try setup.config().feeds.map(\.id) == ["configured", fallback.id])
        #expect(throws: Subscriptions.Failure.self) { try Subscriptions.remove("configured", config: try setup.config()) }
        await http.shutdown()
        await server.stop()
    }

    @Test("OPML import then export round-trips the feeds, with a moved feed's new URL after its 301")
    func importExport() async throws {
        let server = try await TestHTTPServer.start(Self.route)
        let setup = try setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let incoming = setup.folder.appendingPathComponent("other-reader.opml")
        let feeds = [
            FeedSource(id: "moved", url: server.url("/moved"), name: "Moved"),
            FeedSource(id: "plain", url: server.url("/feed"), name: "Plain", fullText: true, weight: 2),
            FeedSource(id: "dup", url: setup.folder.appendingPathComponent("missing.xml").standardizedFileURL, name: "Already there"),
        ]
        try OPML.document(feeds, title: "Other").write(to: incoming, atomically: true, encoding: .utf8)
        #expect(try Subscriptions.importOPML(incoming, config: try setup.config()) == 2)
        let config = try setup.config()
        let store = try Store(folder: config.state)
        let http = HTTPFetcher()
        let (table, allOK) = try await Subscriptions.check(config, id: nil, store: store, fetcher: http)
        #expect(!allOK, "the configured file is missing")
        #expect(table.contains("moved") && table.contains("plain"))
        let exported = try OPML.parse(Data(try Subscriptions.export(config, store: store).utf8))
        #expect(exported.map(\.id) == ["configured", "moved", "plain"])
        #expect(exported.first { $0.id == "moved" }?.url == server.url("/new-home"))
        #expect(exported.first { $0.id == "plain" }?.fullText == true)
        #expect(exported.first { $0.id == "plain" }?.weight == 2)
        await http.shutdown()
        await server.stop()
    }
}
