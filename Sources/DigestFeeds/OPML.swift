import DigestModel
import Foundation

/// Subscription lists in OPML 2.0 (http://opml.org/spec2.opml), the format every feed reader
/// imports and exports. Per-feed options are outline attributes: `fullText`, `weight` and
/// `digestId`; an outline's enclosing outlines become its tags.
public enum OPML {
    /// The feeds of an OPML document, in document order; outlines without `xmlUrl` are folders.
    public static func parse(_ data: Data) throws(FeedError) -> [FeedSource] {
        let (root, _) = try FeedParser.readXML(Charset.decide(data, httpCharset: nil), url: nil)
        guard root.key == "opml" else { throw .unknownFormat(root: root.localName) }
        guard let body = root.childElements.first(where: { $0.key == "body" }) else { return [] }
        var feeds: [FeedSource] = []
        func walk(_ element: XMLElement, tags: [String]) {
            for outline in element.childElements where outline.key == "outline" {
                // Names and ids are shown in every log line about the feed: a stranger's OPML
                // cannot make them megabytes long.
                let label = (outline.attribute("title") ?? outline.attribute("text") ?? "").trimmed.clipped(to: 200)
                if let raw = outline.attribute("xmlUrl")?.trimmed, let url = URL(string: raw),
                   let scheme = url.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) {
                    var feed = FeedSource(id: outline.attribute("digestId").map { $0.clipped(to: 200) }, url: url, name: label, tags: tags)
                    feed.fullText = ["true", "1", "yes"].contains(outline.attribute("fullText")?.lowercased() ?? "")
                    // A weight is a factor from 0 to 1000; anything else (NaN, 1e308, -5) is the default.
                    let weight = outline.attribute("weight").flatMap(Double.init) ?? 1
                    feed.weight = weight.isFinite && weight >= 0 && weight <= 1000 ? weight : 1
                    feeds.append(feed)
                } else {
                    walk(outline, tags: label.isEmpty ? tags : tags + [label])
                }
            }
        }
        walk(body, tags: [])
        return feeds
    }

    /// An OPML 2.0 document listing `feeds`; options that differ from the defaults are kept as attributes.
    public static func document(_ feeds: [FeedSource], title: String) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<opml version=\"2.0\">",
            "  <head>",
            "    <title>\(escape(title))</title>",
            "  </head>",
            "  <body>",
        ]
        for feed in feeds {
            var attributes = [
                ("type", "rss"), ("text", feed.name.isEmpty ? feed.id : feed.name), ("xmlUrl", feed.url.absoluteString), ("digestId", feed.id),
            ]
            if !feed.name.isEmpty { attributes.append(("title", feed.name)) }
            if feed.fullText { attributes.append(("fullText", "true")) }
            if feed.weight != 1 { attributes.append(("weight", String(feed.weight))) }
            if !feed.tags.isEmpty { attributes.append(("category", feed.tags.joined(separator: ","))) }
            lines.append("    <outline " + attributes.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: " ") + "/>")
        }
        lines += ["  </body>", "</opml>", ""]
        return lines.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        HTMLEscape.escapeAttribute(text)
    }
}
