import DigestFeeds
import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Synchronization
import Testing

/// Runs the whole pipeline on fixture feeds into a temporary folder.
@Suite struct PipelineTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let templates = fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates")
    /// 2026-11-22T06:00:00Z, inside the window of the fixtures' news.
    static let now = Date(timeIntervalSince1970: 1_795_327_200)

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    struct Run {
        let folder: URL
        let outcome: Pipeline.Outcome
        let reported: [String]
        func file(_ ext: String) throws -> String {
            let url = try #require(outcome.written.first { $0.pathExtension == ext })
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    func run(feeds: [String], formats: [OutputFormat] = [.markdown, .html], rules: [Rule] = []) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-e2e-\(UUID().uuidString)")
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.title = "E2E"
        config.output = folder.appendingPathComponent("out")
        config.timeZone = TimeZone(identifier: "Europe/Berlin")!
        config.briefing.formats = formats
        config.feeds = feeds.map { FeedSource(url: Self.fixtures.appendingPathComponent("feeds/\($0)")) }
        config.state = folder.appendingPathComponent("state")
        config.rules = rules
        let lines = Lines()
        let pipeline = Pipeline(config: config, fetcher: DispatchingFetcher(["file": FileFetcher()]), store: try Store(folder: config.state),
                                renderer: try BriefingRenderer(defaults: Self.templates), report: { lines.append($0) })
        let outcome = try await pipeline.runOnce(now: Self.now)
        return Run(folder: folder, outcome: outcome, reported: lines.all)
    }

    @Test("a run writes a dated Markdown and HTML briefing of the fresh items")
    func writesBriefing() async throws {
        let run = try await run(feeds: ["good.xml"])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(run.outcome.written.map(\.lastPathComponent) == ["2026-11-22.md", "2026-11-22.html", "2026-11-22.json"])
        #expect(run.outcome.allWritten.map(\.lastPathComponent).suffix(4) == ["latest.md", "latest.html", "index.html", "feed.xml"])
        let markdown = try run.file("md")
        #expect(markdown.contains("## 1. Bridge reopens after repairs"))
        #expect(markdown.contains("The old bridge reopened on Saturday. Cyclists may use it again. [1]\n"))
        #expect(!markdown.contains("Old news"), "an item older than the window is left out")
        #expect(run.outcome.briefing.health.itemsRead == 2)
        #expect(run.outcome.briefing.health.itemsInWindow == 1)
    }

    @Test("a muted article is left out and counted in the health section; the text and JSON say so too")
    func muted() async throws {
        let run = try await run(feeds: ["good.xml"], rules: [try Rule(action: .mute, words: ["bridge"], scopes: [.title])])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(run.outcome.briefing.health.muted == 1)
        #expect(run.outcome.briefing.stories.isEmpty)
        let markdown = try run.file("md")
        #expect(!markdown.contains("Bridge reopens"))
        #expect(markdown.contains("0 copies folded, 1 muted, 0 stories."))
        #expect(try run.file("html").contains("1 muted,"))
        #expect(try run.file("json").contains("\"muted\":1") || (try run.file("json").contains("\"muted\" : 1")))
    }

    @Test("a second briefing on one day gets the time in its name and leaves the first alone")
    func secondBriefing() async throws {
        let first = try await run(feeds: ["good.xml"], formats: [.markdown])
        defer { try? FileManager.default.removeItem(at: first.folder) }
        var config = Config(file: first.folder.appendingPathComponent("digest.toml"))
        config.output = first.folder.appendingPathComponent("out")
        config.briefing.formats = [.markdown]
        config.timeZone = TimeZone(identifier: "Europe/Berlin")!
        config.feeds = [FeedSource(url: Self.fixtures.appendingPathComponent("feeds/good.xml"))]
        let pipeline = Pipeline(config: config, fetcher: FileFetcher(), store: try Store(folder: first.folder.appendingPathComponent("state")),
                                renderer: try BriefingRenderer(defaults: Self.templates), report: { _ in })
        let second = try await pipeline.runOnce(now: Self.now.addingTimeInterval(600))
        #expect(second.written.map(\.lastPathComponent) == ["2026-11-22-0710.md", "2026-11-22-0710.json"])
        #expect(FileManager.default.fileExists(atPath: first.outcome.written[0].path))
    }

    @Test("missing, empty and non-XML feeds are reported by name while the good feed is still briefed")
    func badFeeds() async throws {
        let run = try await run(feeds: ["good.xml", "missing.xml", "empty.xml", "notxml.xml"])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let failures = run.outcome.briefing.health.failures
        #expect(failures.map(\.feedID) == ["missing", "empty", "notxml"])
        #expect(failures[0].message.hasPrefix("no such file"))
        #expect(failures[1].message == "empty document")
        #expect(failures[2].message.hasPrefix("not XML"))
        #expect(run.reported.count == 3)
        #expect(run.reported.allSatisfy { $0.hasPrefix("feed ") })
        let markdown = try run.file("md")
        #expect(markdown.contains("Bridge reopens after repairs"))
        #expect(markdown.contains("- **missing** ("))
        #expect(markdown.contains("empty document"))
    }

    @Test("a run where no feed can be read writes nothing")
    func nothingRead() async throws {
        let run = try await run(feeds: ["missing.xml", "empty.xml"])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(run.outcome.written.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: run.folder.appendingPathComponent("out/2026-11-22.md").path))
    }

    @Test("a hostile feed's HTML briefing shows its text but no script, event handler or javascript: link")
    func hostileFeed() async throws {
        let run = try await run(feeds: ["hostile.xml"])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let html = try run.file("html")
        #expect(html.contains("Visible words survive."))
        #expect(html.contains("A link that must not stay."))
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("onclick"))
        #expect(!lower.contains("onerror"))
        #expect(!lower.contains("javascript:"))
        // The handlers and script of the HTML content are gone, not just escaped.
        for payload in ["alert(2)", "alert(3)", "alert(4)", "alert(5)", "alert(6)"] {
            #expect(!lower.contains(payload), "\(payload) survived")
        }
        // A text-typed title is shown as the characters it is, escaped.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // What a browser would build from the files: libxml2's HTML parser finds no script, no
        // event attribute and no link that is not http(s) or one of the briefing's own files,
        // in the briefing, the index, or the HTML carried in the feed.
        let folder = try #require(run.outcome.written.first).deletingLastPathComponent()
        func own(_ link: String) -> Bool {
            link == "index.html" || link == "feed.xml" || BriefingArchive.isBriefingName(link.split(separator: ".").first ?? "")
        }
        for name in ["2026-11-22.html", "latest.html", "index.html"] {
            let page = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(HTMLAudit.problems(page, allowedOwnLinks: own) == [], "\(name)")
        }
        // The feed's entry content exactly as a reader gets it (the XML text, unescaped once), not
        // through our own parser, which would clean it.
        let feedXML = try XMLDocument(data: Data(contentsOf: folder.appendingPathComponent("feed.xml")))
        let content = try #require(try feedXML.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='content']").first?.stringValue)
        let feed = try FeedParser().parse(Data(contentsOf: folder.appendingPathComponent("feed.xml")), url: nil, contentType: nil)
        #expect(feed.format == .atom10)
        #expect(feed.entries.count == 1)
        #expect(content.contains("Visible words survive."))
        #expect(HTMLAudit.problems(content, allowedOwnLinks: own) == [], "feed entry")
        // The audit itself sees what it must refuse.
        let planted = "<p onclick=\"x()\">a</p><script>x()</script><a href=\"javascript:x()\">b</a><a href=\"data:text/html,x\">c</a>"
        #expect(HTMLAudit.problems(planted, allowedOwnLinks: own).count == 4)
    }
}
