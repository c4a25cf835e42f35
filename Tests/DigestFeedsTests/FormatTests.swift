import DigestFeeds
import DigestModel
import Foundation
import Testing

/// One fixture per format and per quirk the parser handles, each written for this project,
/// with the values a reader must get from it.
@Suite struct FormatTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let xml: String
        var url: String? = nil
        let check: @Sendable (ParsedFeed) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "RSS 0.90 (Netscape RDF)", xml: """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Old Times</title><link>http://old.example/</link><description>From 1999</description></channel>
              <item><title>First story</title><link>http://old.example/1</link></item>
            </rdf:RDF>
            """) { feed in
            #expect(feed.format == .rss090)
            #expect(feed.title == "Old Times")
            #expect(feed.entries.map(\.title) == ["First story"])
            #expect(feed.entries[0].link?.absoluteString == "http://old.example/1")
        },
        Case(name: "RSS 0.91 with the Netscape DOCTYPE, never fetched", xml: """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Ninety-one</title><language>en</language>
            <item><title>Caf&eacute; opens</title><description>A caf&eacute;&nbsp;story</description></item></channel></rss>
            """) { feed in
            #expect(feed.format == .rss091)
            #expect(feed.entries[0].title == "Café opens")
            #expect(feed.entries[0].summaryHTML.map(HTMLText.text(fromHTML:)) == "A café\u{00A0}story")
        },
        Case(name: "RSS 0.92 with an enclosure and no links", xml: """
            <rss version="0.92"><channel><title>Pod</title>
            <item><description>Episode one</description><enclosure url="http://pod.example/1.mp3" length="1234" type="audio/mpeg"/></item>
            </channel></rss>
            """) { feed in
            #expect(feed.format == .rss092)
            #expect(feed.entries[0].enclosures.first?.url.absoluteString == "http://pod.example/1.mp3")
            #expect(feed.entries[0].enclosures.first?.length == "1234")
        },
        Case(name: "RSS 0.93 and 0.94 versions are told apart", xml: """
            <rss version="0.94"><channel><title>Ninety-four</title></channel></rss>
            """) { feed in
            #expect(feed.format == .rss094)
        },
        Case(name: "RSS 2.0 in a Userland namespace", xml: """
            <rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel><title>Namespaced</title>
            <description>Still RSS</description><item><title>In a namespace</title></item></channel></rss>
            """) { feed in
            #expect(feed.title == "Namespaced")
            #expect(feed.subtitle == "Still RSS")
            #expect(feed.entries.map(\.title) == ["In a namespace"])
        },
        Case(name: "Atom 0.3 with tagline, issued, modified and escaped content", xml: """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Draft Atom</title><tagline>An old draft</tagline><modified>2004-01-01T10:00:00Z</modified>
              <entry><title>Entry</title><id>tag:draft.example,2004:1</id>
                <link rel="alternate" type="text/html" href="http://draft.example/1"/>
                <issued>2004-01-01T09:00:00+01:00</issued><modified>2004-01-01T11:00:00Z</modified>
                <content type="text/html" mode="escaped">&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;</content>
                <summary mode="base64">UGxhaW4gc3VtbWFyeQ==</summary>
              </entry>
            </feed>
            """) { feed in
            #expect(feed.format == .atom03)
            #expect(feed.subtitle == "An old draft")
            #expect(feed.updated?.ISO8601Format() == "2004-01-01T10:00:00Z")
            let entry = feed.entries[0]
            #expect(entry.published?.ISO8601Format() == "2004-01-01T08:00:00Z")
            #expect(entry.updated?.ISO8601Format() == "2004-01-01T11:00:00Z")
            #expect(entry.contentHTML.map(HTMLText.text(fromHTML:)) == "Escaped HTML")
            #expect(entry.summaryHTML.map(HTMLText.text(fromHTML:)) == "Plain summary")
        },
        Case(name: "Atom 1.0 content of a non-text media type is Base64", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="application/octet-stream">
            SGVsbG8gPGI+d29ybGQ8L2I+</content></entry></feed>
            """) { feed in
            #expect(feed.entries[0].contentHTML.map(HTMLText.text(fromHTML:)) == "Hello <b>world</b>")
        },
        Case(name: "Atom from a drafting namespace", xml: """
            <feed version="0.3" xmlns="http://purl.org/echo/"><title>Echo</title></feed>
            """) { feed in
            #expect(feed.title == "Echo")
        },
        Case(name: "CDF channel and items with upper-case attributes", xml: """
            <CHANNEL HREF="http://cdf.example/" LASTMOD="2004-04-07T04:05:43Z"><TITLE>Channel Definition</TITLE>
            <ABSTRACT>Microsoft's push format</ABSTRACT>
            <ITEM HREF="http://cdf.example/item" LASTMOD="2004-04-06T00:00:00Z"><TITLE>An item</TITLE><ABSTRACT>Item text</ABSTRACT></ITEM>
            </CHANNEL>
            """) { feed in
            #expect(feed.format == .cdf)
            #expect(feed.link?.absoluteString == "http://cdf.example/")
            #expect(feed.updated?.ISO8601Format() == "2004-04-07T04:05:43Z")
            #expect(feed.subtitle == "Microsoft's push format")
            #expect(feed.entries[0].link?.absoluteString == "http://cdf.example/item")
            #expect(feed.entries[0].summaryHTML.map(HTMLText.text(fromHTML:)) == "Item text")
        },
        Case(name: "Dublin Core and dcterms stand in for RSS's own elements", xml: """
            <rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><channel>
            <dc:title>DC Title</dc:title><dc:language>fi</dc:language><dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued>
            <item><dc:title>DC item</dc:title><dc:creator>Aino Virtanen</dc:creator><dc:subject>Politics</dc:subject>
            <dcterms:issued>2003-12-30T08:00:00Z</dcterms:issued><dcterms:modified>2003-12-31T09:00:00Z</dcterms:modified>
            <dc:description>DC description</dc:description></item></channel></rss>
            """) { feed in
            #expect(feed.title == "DC Title")
            #expect(feed.language == "fi")
            #expect(feed.published?.ISO8601Format() == "2003-12-31T10:14:55Z")
            let entry = feed.entries[0]
            #expect(entry.title == "DC item")
            #expect(entry.author == "Aino Virtanen")
            #expect(entry.categories == ["Politics"])
            #expect(entry.published?.ISO8601Format() == "2003-12-30T08:00:00Z")
            #expect(entry.updated?.ISO8601Format() == "2003-12-31T09:00:00Z")
            #expect(entry.summaryHTML.map(HTMLText.text(fromHTML:)) == "DC description")
        },
        Case(name: "content:encoded is the content, description the summary", xml: """
            <rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
            <description>Teaser</description><content:encoded><![CDATA[<p>Full <em>text</em></p>]]></content:encoded>
            </item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].summaryHTML == "Teaser")
            #expect(feed.entries[0].contentHTML == "<p>Full <em>text</em></p>")
        },
        Case(name: "a second summary-like element becomes the content", xml: """
            <rss><channel><item><summary>Short</summary><description>Long description</description></item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].summaryHTML.map(HTMLText.text(fromHTML:)) == "Short")
            #expect(feed.entries[0].contentHTML.map(HTMLText.text(fromHTML:)) == "Long description")
        },
        Case(name: "Media RSS: title fallback, group description, categories", xml: """
            <rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
            <media:title>Media title</media:title><media:category>news</media:category>
            <media:group><media:description>Grouped description</media:description><media:category>video</media:category></media:group>
            </item></channel></rss>
            """) { feed in
            let entry = feed.entries[0]
            #expect(entry.title == "Media title")
            #expect(entry.summaryHTML.map(HTMLText.text(fromHTML:)) == "Grouped description")
            #expect(entry.categories == ["news", "video"])
        },
        Case(name: "iTunes: subtitle, author, summary and nested categories, in any case of the DTD URL", xml: """
            <rss xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><itunes:subtitle>A podcast</itunes:subtitle>
            <item><itunes:author>Host Name</itunes:author><itunes:summary>Episode notes</itunes:summary>
            <itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category></item></channel></rss>
            """) { feed in
            #expect(feed.subtitle == "A podcast")
            let entry = feed.entries[0]
            #expect(entry.author == "Host Name")
            #expect(entry.summaryHTML.map(HTMLText.text(fromHTML:)) == "Episode notes")
            #expect(entry.categories == ["Technology", "Gadgets"])
        },
        Case(name: "an Atom link inside RSS gives the item its link", xml: """
            <rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="self" href="http://s.example/feed"/>
            <atom:link rel="alternate" href="http://s.example/"/><item><atom:link href="http://s.example/1"/></item></channel></rss>
            """) { feed in
            #expect(feed.link?.absoluteString == "http://s.example/")
            #expect(feed.entries[0].link?.absoluteString == "http://s.example/1")
        },
        Case(name: "xml:lang on the root, with an underscore, is the language", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pt_BR"><title>Olá</title></feed>
            """) { feed in
            #expect(feed.language == "pt-BR")
        },
        Case(name: "relative links and ids resolve against xml:base over the document URL", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom"><link href="/home"/>
            <entry xml:base="/section/"><id>story/7</id><link href="story/7.html"/></entry></feed>
            """, url: "http://base.example/feeds/atom.xml") { feed in
            #expect(feed.link?.absoluteString == "http://base.example/home")
            #expect(feed.entries[0].link?.absoluteString == "http://base.example/section/story/7.html")
            #expect(feed.entries[0].id == "http://base.example/section/story/7")
        },
        Case(name: "double-escaped HTML in a title is read as HTML once", xml: """
            <rss><channel><item><title>Fish &amp;amp; chips &amp;lt;3</title></item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].title == "Fish & chips <3")
        },
        Case(name: "a title with a made-up tag is plain text, not HTML", xml: """
            <rss><channel><item><title>History of the &lt;blink&gt; tag</title></item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].title == "History of the <blink> tag")
        },
        Case(name: "an upper-case hex reference and C1 references read as Windows-1252", xml: """
            <rss><channel><item><title>&#X41;BC</title><description>don&#146;t &amp;#147;quote&amp;#148;</description></item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].title == "ABC")
            #expect(feed.entries[0].summaryHTML.map(HTMLText.text(fromHTML:)) == "don’t “quote”")
        },
        Case(name: "an ampersand that starts no entity stays text", xml: """
            <rss><channel><title>AT&T; & friends</title></channel></rss>
            """) { feed in
            #expect(feed.title == "AT&T; & friends")
        },
        Case(name: "TypePad's escaped HTML inside an unescaped div", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html"><div xmlns="http://www.w3.org/1999/xhtml">One &lt;b&gt;two&lt;/b&gt;</div></content></entry></feed>
            """) { feed in
            #expect(feed.entries[0].contentHTML.map(HTMLText.text(fromHTML:)) == "One two")
        },
        Case(name: "authors written as address and name in either order", xml: """
            <rss><channel><item><author>ed@paper.example (Ed Itor)</author></item><item><author>Ed Itor &lt;ed@paper.example&gt;</author></item>
            <item><author>ed@paper.example</author></item></channel></rss>
            """) { feed in
            #expect(feed.entries.map(\.author) == ["Ed Itor", "Ed Itor", "ed@paper.example"])
        },
        Case(name: "comma-separated tags and categories", xml: """
            <rss><channel><item><tags>one, two</tags><category>three</category></item></channel></rss>
            """) { feed in
            #expect(feed.entries[0].categories == ["one", "two", "three"])
        },
        Case(name: "the last of several dates wins", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>2010-12-01T10:14:55Z</updated><updated>2003-12-31T10:14:55Z</updated></entry></feed>
            """) { feed in
            #expect(feed.entries[0].updated?.ISO8601Format() == "2003-12-31T10:14:55Z")
        },
        Case(name: "element names in any case", xml: """
            <rss><channel><TiTlE>Loud</TiTlE></channel></rss>
            """) { feed in
            #expect(feed.title == "Loud")
        },
        Case(name: "attribute ampersands", xml: """
            <feed xmlns="http://www.w3.org/2005/Atom"><link href="http://q.example/?a=1&amp;b=2"/></feed>
            """) { feed in
            #expect(feed.link?.absoluteString == "http://q.example/?a=1&b=2")
        },
    ]

    @Test("each format and quirk gives the values a reader expects", arguments: cases)
    func parses(_ fixture: Case) throws {
        let feed = try FeedParser().parse(Data(fixture.xml.utf8), url: fixture.url.flatMap(URL.init(string:)))
        fixture.check(feed)
    }
}
