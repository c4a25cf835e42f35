import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// Server-side request forgery, tried for real: a feed on a non-loopback address (inside a
/// network namespace this test makes, joined to ours by a veth pair) whose teasers link to a
/// "secret" server on our loopback, directly, by other spellings and through a redirect.
/// Needs root and `ip`; skipped, saying why, elsewhere.
@Suite(.serialized) struct NetworkPolicyIntegrationTests {
    static let secretText = "The vault combination is kept in the quartermaster's ledger beside the west door."

    /// The namespace and addresses: 198.51.100.0/24 is TEST-NET-2 (RFC 5737), never routed.
    struct Namespace {
        let name = "digest-ssrf-\(getpid())"
        var outside: String { "dgs\(getpid() % 100_000)a" }
        var inside: String { "dgs\(getpid() % 100_000)b" }
        let hostAddress = "198.51.100.1"
        let feedAddress = "198.51.100.2"

        static func run(_ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip").resolvingSymlinksInPath()
            if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
                process.executableURL = URL(fileURLWithPath: "/sbin/ip")
            }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }

        /// Makes it, or says why it cannot be made.
        func create() -> String? {
            guard getuid() == 0 else { return "not root" }
            let steps: [[String]] = [
                ["netns", "add", name],
                ["link", "add", outside, "type", "veth", "peer", "name", inside],
                ["link", "set", inside, "netns", name],
                ["addr", "add", "\(hostAddress)/24", "dev", outside],
                ["link", "set", outside, "up"],
                ["-n", name, "addr", "add", "\(feedAddress)/24", "dev", inside],
                ["-n", name, "link", "set", inside, "up"],
                ["-n", name, "link", "set", "lo", "up"],
            ]
            for step in steps where !Self.run(step) {
                destroy()
                return "`ip \(step.joined(separator: " "))` failed (no network namespaces here?)"
            }
            return nil
        }

        func destroy() {
            _ = Self.run(["link", "del", outside])
            _ = Self.run(["netns", "del", name])
        }
    }

    func feed(feedServer: String, secretPort: Int) -> [UInt8] {
        let links = [
            "http://127.0.0.1:\(secretPort)/secret",
            "http://2130706433:\(secretPort)/secret-decimal",
            "http://localhost:\(secretPort)/secret-name",
            "http://[::ffff:127.0.0.1]:\(secretPort)/secret-mapped",
            "http://\(feedServer)/jump",
            "http://\(feedServer)/story",
        ]
        let items = links.enumerated().map { index, link in
            "<item><title>Item \(index) on the harbour</title><link>\(link)</link><guid>i\(index)</guid>"
                + "<pubDate>Sun, 22 Nov 2026 0\(index):00:00 GMT</pubDate><description>Teaser \(index) for the harbour…</description></item>"
        }
        return Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outside</title><link>http://\(feedServer)/</link>\(items.joined())</channel></rss>".utf8)
    }

    static func page(_ text: String) -> TestHTTPServer.Response {
        let paragraphs = ["Harbour", "Quay", "Ferry", "Dock"].map { "<p>\($0) report. \(text) More follows on the \($0.lowercased()) later today, officials said.</p>" }
        return .init(headers: [("Content-Type", "text/html; charset=utf-8")],
                     body: .bytes(Array("<html><body><article><h1>Page</h1>\(paragraphs.joined())</article></body></html>".utf8)))
    }

    @Test("a public feed's links to loopback, by any spelling or redirect, are never fetched; allow_private_pages fetches them")
    func ssrf() async throws {
        let namespace = Namespace()
        if let reason = namespace.create() {
            print("skipped: the network-namespace SSRF test needs root and `ip netns` (\(reason)); the resolver-level tests still ran")
            return
        }
        defer { namespace.destroy() }
        let secret = try await TestHTTPServer.start { _ in Self.page(Self.secretText) }
        let story = "Harbour pilots agreed on new night shifts after a long dispute with the port authority about pay."
        let box = Mutex<String>("")
        let outside = try await TestHTTPServer.start(host: namespace.feedAddress, namespace: namespace.name) { head in
            let feedServer = box.withLock { $0 }
            switch head.uri {
            case "/feed.xml": return .init(headers: [("Content-Type", "application/rss+xml")], body: .bytes(feed(feedServer: feedServer, secretPort: secret.port)))
            case "/jump": return .init(status: .found, headers: [("Location", "http://127.0.0.1:\(secret.port)/secret2")])
            case "/story": return Self.page(story)
            default: return .init(status: .notFound)
            }
        }
        box.withLock { $0 = "\(namespace.feedAddress):\(outside.port)" }

        for allow in [false, true] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-ssrf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            var config = Config(file: folder.appendingPathComponent("digest.toml"))
            config.output = folder.appendingPathComponent("out")
            config.state = folder.appendingPathComponent("state")
            config.fetch.timeout = 5
            config.fetch.allowPrivatePages = allow
            config.feeds = [FeedSource(id: "outside", url: outside.url("/feed.xml"))]
            let http = HTTPFetcher(options: HTTPFetchOptions(timeout: config.fetch.timeout))
            let reports = Mutex<[String]>([])
            let store = try Store(folder: config.state)
            let pipeline = Pipeline(config: config, fetcher: http, store: store,
                                    renderer: try BriefingRenderer(defaults: FetchRoundTests.templates)) { line in reports.withLock { $0.append(line) } }
            let outcome = try await pipeline.runOnce(now: FetchRoundTests.now)
            await http.shutdown()
            let markdown = try String(contentsOf: try #require(outcome.written.first { $0.pathExtension == "md" }), encoding: .utf8)
            let stored = try store.articles(in: FetchRoundTests.now.addingTimeInterval(-86_400)...FetchRoundTests.now, feeds: ["outside"])
            let texts = stored.map { $0.paragraphs.joined(separator: " ") }
            #expect(outside.paths.contains("/story"), "the public page is fetched")
            #expect(texts.contains { $0.contains("night shifts") })
            if allow {
                #expect(secret.paths.contains("/secret"), "allowed, the private page is fetched")
                #expect(secret.paths.contains("/secret2"), "and the redirect is followed")
                #expect(texts.filter { $0.contains("quartermaster") }.count >= 3)
            } else {
                #expect(!texts.contains { $0.contains("quartermaster") })
                #expect(secret.paths.isEmpty, "the loopback server was asked for \(secret.paths)")
                #expect(!outside.paths.contains("/secret"))
                #expect(!markdown.contains("quartermaster"))
                let refusals = reports.withLock { $0 }.filter { $0.contains("not fetched") }
                // `localhost` is a reserved name: never even looked up (`FullText.mayFetch`).
                #expect(refusals.count == 4, "\(reports.withLock { $0 })")
                #expect(refusals.contains { $0.contains("/jump") && $0.contains("loopback") })
            }
        }
        await outside.stop()
        await secret.stop()
    }
}
