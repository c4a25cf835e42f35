import DigestFeeds
import DigestModel
import Foundation
import Testing

@Suite struct RSSParserTests {
    @Test("an RSS 2.0 feed gives its channel and items with content, authors, dates and enclosures")
    func rss20() throws {
        let feed = try FeedParser().parse(Fixture.data("rss20-basic.xml"))
        #expect(feed.format == .rss20)
        #expect(feed.title == "Harbour Post")
        #expect(feed.subtitle == "Ferries & fish prices")
        #expect(feed.link?.absoluteString == "https://harbour.example/")
        #expect(feed.language == "en-us")
        #expect(feed.updated == utc("2026-11-10T13:30:00Z"))
        #expect(feed.entries.count == 2)

        let first = feed.entries[0]
        #expect(first.id == "hp-1001")
        #expect(first.title == "Ferry timetable changes for winter")
        #expect(first.link?.absoluteString == "https://harbour.example/ferry-winter")
        #expect(first.author == "Ana Ruiz")
        #expect(first.published == utc("2026-11-10T12:15:00Z"))
        #expect(first.categories == ["Ferries", "Winter"])
        #expect(first.summaryHTML == "Short teaser.")
        #expect(first.contentHTML == "<p>The <b>morning</b> ferry leaves at 06:40.</p><p>The last one at 21:00.</p>")
        #expect(first.enclosures == [Enclosure(url: URL(string: "https://harbour.example/ferry.mp3")!, type: "audio/mpeg", length: "12345")])
    }

    @Test("an item without a link takes its permalink guid; HTML in an RSS title is reduced to text")
    func permalinkAndTitle() throws {
        let entry = try FeedParser().parse(Fixture.data("rss20-basic.xml")).entries[1]
        #expect(entry.link?.absoluteString == "https://harbour.example/fish-prices")
        #expect(entry.title == "Fish prices fall")
        #expect(entry.author == "Lee Park")
        #expect(entry.updated == utc("2026-11-09T18:00:00Z"), "dc:date is the modification date")
    }

    @Test("an RSS 1.0 (RDF) feed reads items beside the channel and Dublin Core fields")
    func rdf() throws {
        let feed = try FeedParser().parse(Fixture.data("rdf-basic.xml"))
        #expect(feed.format == .rss10)
        #expect(feed.title == "RDF Site")
        #expect(feed.language == "fr")
        #expect(feed.entries.map(\.title) == ["Item A"])
        #expect(feed.entries[0].updated == utc("2026-11-08T05:00:00Z"))
        #expect(feed.entries[0].categories == ["Politique"])
    }

    @Test("relative RSS links resolve against the document URL")
    func relativeLinks() throws {
        let feed = try FeedParser().parse(Fixture.data("rss-relative.xml"), url: URL(string: "https://rel.example/feeds/main.xml"))
        #expect(feed.link?.absoluteString == "https://rel.example/")
        #expect(feed.entries[0].link?.absoluteString == "https://rel.example/feeds/items/1")
    }

    @Test("a broken feed is recovered with a warning, keeping the items before the damage")
    func recovers() throws {
        let feed = try FeedParser().parse(Fixture.data("rss-broken.xml"))
        #expect(feed.title == "Broken but readable")
        #expect(feed.entries.first?.title == "First item")
        #expect(!feed.warnings.isEmpty)
        #expect(feed.warnings[0].hasPrefix("line "))
    }
}

@Suite struct AtomParserTests {
    @Test("an Atom 1.0 feed gives text constructs of every type, links by rel, authors and categories")
    func atom10() throws {
        let feed = try FeedParser().parse(Fixture.data("atom10-basic.xml"))
        #expect(feed.format == .atom10)
        #expect(feed.title == "Bergblatt & Tal")
        #expect(feed.subtitle == "Nachrichten aus den Bergen")
        #expect(feed.link?.absoluteString == "https://berg.example/")
        #expect(feed.language == "de")
        #expect(feed.updated == utc("2026-11-10T11:00:00Z"))

        let first = feed.entries[0]
        #expect(first.id == "urn:berg:1")
        #expect(first.title == "History of the <blink> tag")
        #expect(first.link?.absoluteString == "https://berg.example/blink")
        #expect(first.author == "Jo Brandt")
        #expect(first.published == utc("2026-11-10T09:00:00Z"))
        #expect(first.updated == utc("2026-11-10T10:30:00Z"))
        #expect(first.categories == ["Technik"])
        #expect(first.enclosures.map(\.url.absoluteString) == ["https://berg.example/a.ogg"])
        #expect(first.summaryHTML.map(HTMLText.text(fromHTML:)) == "Plain <text> summary")
        #expect(first.contentHTML.map(HTMLText.paragraphs(fromHTML:)) == ["First para.", "Second para."])

        let second = feed.entries[1]
        #expect(second.title == "Bold move")
        #expect(second.summaryHTML.map(HTMLText.text(fromHTML:)) == "Escaped HTML summary")
    }

    @Test("nested and relative xml:base values resolve links")
    func xmlBase() throws {
        let feed = try FeedParser().parse(Fixture.data("xml-base.xml"), url: URL(string: "https://elsewhere.example/feed"))
        #expect(feed.link?.absoluteString == "https://base.example/news/index.html")
        #expect(feed.entries[0].link?.absoluteString == "https://base.example/news/2026/story.html")
        #expect(feed.entries[1].link?.absoluteString == "https://base.example/about")
    }
}

@Suite struct FeedErrorTests {
    static let cases: [(String, FeedError)] = [
        ("empty.xml", .empty),
        ("page.html", .unknownFormat(root: "html")),
    ]

    @Test("documents that are no feed give an error that says why", arguments: cases)
    func rejects(_ file: String, _ expected: FeedError) throws {
        #expect(throws: expected) { try FeedParser().parse(try Fixture.data(file)) }
    }

    @Test("plain text is reported as not XML")
    func notXML() throws {
        let error = #expect(throws: FeedError.self) { try FeedParser().parse(try Fixture.data("plain.txt")) }
        guard case .notXML = error else {
            Issue.record("expected notXML, got \(String(describing: error))")
            return
        }
        #expect(error?.description.hasPrefix("not XML") == true)
    }
}
