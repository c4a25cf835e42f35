import CLibXML2
import DigestModel
import Foundation

/// An RSS document (0.90–0.94, 1.0/RDF, 2.0, and Microsoft's CDF) as written, before mapping
/// onto `ParsedFeed`. Links are already resolved against xml:base and the document URL.
struct RSSDocument {
    var version: ParsedFeed.Format = .rss20
    var title: TextValue?
    var link: String?
    var description: TextValue?
    var language: String?
    var lastBuildDate: String?
    var pubDate: String?
    var ttl: String?
    var extensions = ExtensionFields()
    var items: [RSSItem] = []
}

/// One `<item>` as written.
struct RSSItem {
    var title: TextValue?
    var link: String?
    var guid: String?
    var guidIsPermaLink = true
    var about: String?
    /// The first of description, summary, dc:description or itunes:summary.
    var summary: TextValue?
    /// The second of them, or body, xhtml:body, fullitem.
    var content: TextValue?
    var author: String?
    var pubDate: String?
    var updated: String?
    var categories: [String] = []
    var enclosures: [Enclosure] = []
    var extensions = ExtensionFields()
}

extension RSSDocument {
    /// Reads the channel and items under `root` (`<rss>`, `<rdf:RDF>` or a bare `<channel>`).
    init(root: XMLElement) {
        let rootKey = root.key
        let channel = rootKey == "channel" ? root : root.childElements.first { $0.key == "channel" }
        version = Self.version(root: root, channel: channel)
        if let channel { readChannel(channel) }
        // RSS 1.0 puts items beside the channel; some broken feeds put them outside it too.
        for parent in [channel, rootKey == "channel" ? nil : root].compactMap({ $0 }) {
            for node in parent.childElements where node.key == "item" { items.append(RSSItem(node: node)) }
        }
        if language == nil { language = root.normalizedLanguage }
    }

    private static func version(root: XMLElement, channel: XMLElement?) -> ParsedFeed.Format {
        if root.localName == "CHANNEL" { return .cdf }
        if root.key == "rdf:rdf" {
            let netscape = "http://my.netscape.com/rdf/simple/0.9/"
            return root.childElements.contains { $0.namespaceURI == netscape } ? .rss090 : .rss10
        }
        switch root.attribute("version")?.trimmed {
        case "0.91": return .rss091
        case "0.92": return .rss092
        case "0.93": return .rss093
        case "0.94": return .rss094
        case "0.90": return .rss090
        default: return .rss20
        }
    }

    private mutating func readChannel(_ channel: XMLElement) {
        // CDF keeps the link and date in attributes of the channel.
        link = channel.cdfAttribute("href").flatMap { channel.resolvedLink($0) }
        lastBuildDate = channel.cdfAttribute("lastmod")
        for node in channel.childElements {
            let key = node.key
            if extensions.read(node, key: key) { continue }
            switch key {
            case "title": title = title ?? TextValue.guess(node)
            case "link": link = link ?? LinkElement(node).alternate
            case "description", "abstract": description = description ?? TextValue.html(node)
            case "subtitle", "tagline": description = description ?? TextValue.guess(node)
            case "language": language = language ?? node.textContent.trimmed.replacingOccurrences(of: "_", with: "-")
            // For dates the last element wins, as in feedparser.
            case "lastbuilddate", "updated", "modified": lastBuildDate = node.textContent
            case "pubdate", "published", "issued": pubDate = node.textContent
            case "ttl": ttl = node.textContent.trimmed
            default: break
            }
        }
    }

    /// Maps the raw document onto the shared model.
    func adapted(warnings: [String]) -> ParsedFeed {
        let subtitle = description ?? extensions.dcDescription ?? extensions.itunesSubtitle ?? extensions.itunesSummary
        var feed = ParsedFeed(
            format: version,
            title: (title?.plain).flatMap(nonEmpty) ?? extensions.dcTitle,
            link: link.flatMap(URL.init(string:)),
            subtitle: subtitle?.plain,
            language: language.flatMap(nonEmpty) ?? extensions.dcLanguage,
            updated: [lastBuildDate, extensions.dcDate, extensions.dctermsModified].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            published: [pubDate, extensions.dctermsIssued].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            entries: items.map { $0.adapted() },
            warnings: warnings
        )
        // <ttl> is in minutes (RSS 2.0).
        feed.ttl = ttl.flatMap(Double.init).map { $0 * 60 }
        return feed
    }
}

extension RSSItem {
    init(node item: XMLElement) {
        link = item.cdfAttribute("href").flatMap { item.resolvedLink($0) }
        updated = item.cdfAttribute("lastmod")
        about = item.attribute("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
        for node in item.childElements {
            let key = node.key
            switch key {
            case "description", "summary", "abstract", "dc:description", "itunes:summary":
                // The first of these is the summary and a second one the content (feedparser's rule).
                // A description is HTML by convention; a summary only when it looks like HTML.
                let value = key == "summary" || key == "itunes:summary" ? TextValue.guess(node) : TextValue.html(node)
                if summary == nil { summary = value } else if content == nil { content = value }
                continue
            default: break
            }
            if extensions.read(node, key: key) { continue }
            switch key {
            case "title": title = title ?? TextValue.guess(node)
            case "link":
                let element = LinkElement(node)
                if let enclosure = element.enclosure { enclosures.append(enclosure) } else { link = link ?? element.alternate }
            case "guid", "id":
                guid = guid ?? node.textContent.trimmed
                guidIsPermaLink = node.attribute("isPermaLink")?.lowercased() != "false"
            case "body", "xhtml:body", "fullitem", "content": content = content ?? TextValue.html(node)
            case "author", "managingeditor": author = author ?? node.textContent
            case "pubdate", "published", "issued": pubDate = node.textContent
            case "updated", "modified": updated = node.textContent
            case "category": appendTerm(node.textContent, to: &categories)
            case "tags":
                // Some feeds list tags in one made-up element, comma-separated.
                for tag in node.textContent.split(separator: ",") { appendTerm(String(tag), to: &categories) }
            case "enclosure":
                if let url = node.attribute("url").flatMap({ node.resolvedLink($0) }).flatMap(URL.init(string:)) {
                    enclosures.append(Enclosure(url: url, type: node.attribute("type")?.trimmed, length: node.attribute("length")?.trimmed))
                }
            default: break
            }
        }
    }

    func adapted() -> FeedEntry {
        let id = guid.flatMap(nonEmpty) ?? about ?? extensions.dcIdentifier
        // A permalink guid is the item's link when the item has no <link> (RSS 2.0, "guid").
        let permalink = guidIsPermaLink ? guid.flatMap { $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil } : nil
        let body = content ?? extensions.contentEncoded
        let summaryValue = summary ?? extensions.mediaDescription
        return FeedEntry(
            id: id,
            title: (title?.plain).flatMap(nonEmpty) ?? extensions.dcTitle ?? extensions.mediaTitle?.plain,
            link: (link ?? permalink).flatMap(URL.init(string:)),
            author: [author, extensions.dcCreator, extensions.itunesAuthor].lazy.compactMap { $0.flatMap(AuthorName.parse) }.first,
            published: [pubDate, extensions.dctermsIssued].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            updated: [updated, extensions.dcDate, extensions.dctermsModified].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            summaryHTML: summaryValue?.html,
            contentHTML: body?.html,
            categories: categories + extensions.categories,
            enclosures: enclosures
        )
    }
}

/// A `<link>` element: RSS's text form or Atom's `href` form with its `rel`.
struct LinkElement {
    var rel: String
    var href: String?
    var type: String?
    var length: String?

    init(_ node: XMLElement) {
        rel = node.attribute("rel")?.trimmed.lowercased() ?? "alternate"
        type = node.attribute("type")?.trimmed
        length = node.attribute("length")?.trimmed
        // Atom 0.3 feeds sometimes put the URL in the element's text instead of `href`.
        href = (node.attribute("href") ?? node.textContent).trimmed.isEmpty ? nil : node.resolvedLink(node.attribute("href") ?? node.textContent)
    }

    /// The URL when this is the alternate (reader-facing) link.
    var alternate: String? { rel == "alternate" ? href : nil }

    /// The attachment when this is `rel="enclosure"`.
    var enclosure: Enclosure? {
        guard rel == "enclosure", let href, let url = URL(string: href) else { return nil }
        return Enclosure(url: url, type: type, length: length)
    }
}

func nonEmpty(_ text: String) -> String? {
    text.isEmpty ? nil : text
}
