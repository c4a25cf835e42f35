import DigestFeeds
import DigestModel
import Foundation
import Testing

/// Hostile documents: entity bombs, external entities, DTDs, oversized input.
@Suite struct SafetyTests {
    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE rss [
      <!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
      <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
      <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
      <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
      <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <rss><channel><title>Laughs &lol9;</title><item><title>Small &lol1;</title></item></channel></rss>
    """

    @Test("a billion-laughs document parses in bounded time and memory, its bomb left unexpanded")
    func billionLaughs() throws {
        let clock = ContinuousClock()
        var feed: ParsedFeedBox?
        let elapsed = try clock.measure { feed = ParsedFeedBox(try FeedParser().parse(Data(Self.billionLaughs.utf8))) }
        let parsed = try #require(feed?.value)
        #expect(elapsed < .seconds(5))
        #expect((parsed.title ?? "").utf8.count < 1000)
        #expect(parsed.title?.hasPrefix("Laughs") == true)
        // A small internal entity within the budget is still expanded.
        #expect(parsed.entries.first?.title == "Small " + String(repeating: "lol", count: 10))
        #expect(parsed.warnings.contains { $0.contains("lol9") })
    }

    @Test("an external entity pointing at a local file is never read", arguments: [
        "<!DOCTYPE rss [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>",
        "<!DOCTYPE rss [ <!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext; <!ENTITY xxe \"x\"> ]>",
        "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\">",
    ])
    func externalEntity(_ doctype: String) throws {
        let xml = "<?xml version=\"1.0\"?>\n\(doctype)\n<rss><channel><title>Secret: &xxe;</title><item><description>&xxe;</description></item></channel></rss>"
        let feed = try FeedParser().parse(Data(xml.utf8))
        let everything = String(describing: feed)
        #expect(!everything.contains("root:"))
        #expect(!everything.contains("/bin/"))
        #expect(feed.title?.hasPrefix("Secret:") == true)
    }

    @Test("a document over the size limit is refused before parsing")
    func sizeLimit() {
        let big = Data(("<rss><channel><title>" + String(repeating: "x", count: 5000) + "</title></channel></rss>").utf8)
        #expect(throws: FeedError.tooLarge(limit: 1024)) { try FeedParser(maxBytes: 1024).parse(big) }
    }

    @Test("deeply nested markup does not crash the parser")
    func deepNesting() throws {
        let depth = 5000
        let xml = "<rss><channel><title>Deep</title><item><description>" + String(repeating: "<div>", count: depth) + "x"
            + String(repeating: "</div>", count: depth) + "</description></item></channel></rss>"
        let feed = try FeedParser().parse(Data(xml.utf8))
        #expect(feed.title == "Deep")
    }

    /// `ParsedFeed` captured out of a throwing closure.
    struct ParsedFeedBox {
        let value: DigestModel.ParsedFeed
        init(_ value: DigestModel.ParsedFeed) { self.value = value }
    }
}
