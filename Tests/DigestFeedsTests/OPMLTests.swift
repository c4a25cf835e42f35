import DigestFeeds
import DigestModel
import Foundation
import Testing

@Suite struct OPMLTests {
    static let opml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <opml version="2.0"><head><title>From another reader</title></head><body>
      <outline text="Local">
        <outline type="rss" text="Courier" title="The Courier" xmlUrl="https://courier.example/rss" htmlUrl="https://courier.example/"/>
        <outline type="rss" text="Weather" xmlUrl="https://weather.example/atom" fullText="true" weight="2.5" digestId="wx"/>
      </outline>
      <outline type="rss" text="Top level &amp; loud" xmlUrl="https://loud.example/feed"/>
      <outline text="A folder with nothing"/>
    </body></opml>
    """

    @Test("OPML outlines become feeds: names, options, folders as tags, nested or not")
    func parse() throws {
        let feeds = try OPML.parse(Data(Self.opml.utf8))
        #expect(feeds.map(\.url.absoluteString) == ["https://courier.example/rss", "https://weather.example/atom", "https://loud.example/feed"])
        #expect(feeds.map(\.name) == ["The Courier", "Weather", "Top level & loud"])
        #expect(feeds[0].tags == ["Local"])
        #expect(feeds[1].fullText && feeds[1].weight == 2.5 && feeds[1].id == "wx")
        #expect(feeds[2].tags.isEmpty)
    }

    @Test("a written OPML document reads back as the same feeds")
    func roundTrip() throws {
        let feeds = [
            FeedSource(id: "a", url: URL(string: "https://a.example/rss?x=1&y=2")!, name: "A \"quoted\" <name>", fullText: true, weight: 0.5),
            FeedSource(id: "b", url: URL(string: "https://b.example/atom")!),
        ]
        let document = OPML.document(feeds, title: "Mine")
        let again = try OPML.parse(Data(document.utf8))
        #expect(again.map(\.url) == feeds.map(\.url))
        #expect(again.map(\.id) == ["a", "b"])
        #expect(again[0].name == "A \"quoted\" <name>" && again[0].fullText && again[0].weight == 0.5)
    }

    @Test("a page's announced feeds are found, resolved, and only feed types count")
    func discovery() {
        let html = """
        <html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml" title="RSS">
        <link rel="alternate" type="application/atom+xml" href="https://cdn.example/atom"><link rel="alternate" hreflang="de" href="/de/">
        </head><body><p>Hello</p></body></html>
        """
        let found = FeedDiscovery.announcedFeeds(inHTML: Data(html.utf8), base: URL(string: "https://site.example/blog/post")!)
        #expect(found.map(\.absoluteString) == ["https://site.example/rss.xml", "https://cdn.example/atom"])
    }
}
