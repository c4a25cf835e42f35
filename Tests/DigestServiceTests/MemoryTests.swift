import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import Foundation
import Testing

/// Briefings remember what they told: a story is not told twice, and news on it is an update.
@Suite struct MemoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_327_200)

    static func item(_ guid: String, _ title: String, _ text: String, hour: Int) -> String {
        "<item><title>\(title)</title><link>https://news.example/\(guid)</link><guid>\(guid)</guid>"
            + "<pubDate>Sun, 22 Nov 2026 0\(hour):00:00 GMT</pubDate><description>\(text)</description></item>"
    }

    static let first = item("s1", "Rail strike set for Tuesday",
                            "Train drivers on the Auen network will strike for 24 hours from Tuesday, their union announced. The union wants a pay rise of 7 percent.", hour: 1)
    static let second = item("s2", "Rail strike called off after late talks",
                             "Train drivers on the Auen network called off Tuesday's strike after talks through the night, their union announced. The operator agreed to a pay rise of 5 percent.", hour: 4)

    func write(_ items: [String], to file: URL) throws {
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>" + items.joined() + "</channel></rss>"
        try Data(feed.utf8).write(to: file)
    }

    @Test("a told story is left out of the next briefing; news on it comes back as an update citing only the news")
    func memory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-memory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let feedFile = folder.appendingPathComponent("news.xml")
        var config = Config(file: folder.appendingPathComponent("digest.toml"))
        config.output = folder.appendingPathComponent("out")
        config.state = folder.appendingPathComponent("state")
        config.feeds = [FeedSource(id: "news", url: feedFile)]
        let pipeline = Pipeline(config: config, fetcher: DispatchingFetcher(["file": FileFetcher()]), store: try Store(folder: config.state),
                                renderer: try BriefingRenderer(defaults: FetchRoundTests.templates)) { _ in }

        try write([Self.first], to: feedFile)
        let one = try await pipeline.runOnce(now: Self.now)
        #expect(one.briefing.stories.map(\.headline) == ["Rail strike set for Tuesday"])
        #expect(one.briefing.stories.first?.isUpdate == false)

        let again = try await pipeline.runOnce(now: Self.now.addingTimeInterval(3600))
        #expect(again.briefing.stories.isEmpty)

        try write([Self.first, Self.second], to: feedFile)
        let update = try await pipeline.runOnce(now: Self.now.addingTimeInterval(7200))
        let story = try #require(update.briefing.stories.first)
        #expect(update.briefing.stories.count == 1)
        #expect(story.isUpdate)
        #expect(story.articles.map(\.id) == ["news:" + StableHash.hex("s2")])
        #expect(story.sentences.contains { $0.text.contains("5 percent") })
        let markdown = try String(contentsOf: update.written[0], encoding: .utf8)
        #expect(markdown.contains("## 1. Update: Rail strike called off after late talks"))
    }
}
