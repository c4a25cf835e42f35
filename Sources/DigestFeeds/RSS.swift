import CLibXML2
import DigestModel
import Foundation

/// An RSS document (0.9x, 1.0/RDF or 2.0) as written, before mapping onto `ParsedFeed`.
struct RSSDocument {
    var version: ParsedFeed.Format = .rss20
    var title: String?
    var link: String?
    var description: String?
    var language: String?
    var lastBuildDate: String?
    var pubDate: String?
    var dcDate: String?
    var items: [RSSItem] = []
}

/// One `<item>` as written; links already resolved against xml:base and the document URL.
struct RSSItem {
    var title: String?
    var link: String?
    var guid: String?
    var guidIsPermaLink = true
    var description: String?
    var contentEncoded: String?
    var author: String?
    var creator: String?
    var pubDate: String?
    var dcDate: String?
    var modified: String?
    var categories: [String] = []
    var enclosures: [Enclosure] = []
}

extension RSSDocument {
    /// Reads the channel and items under `root` (`<rss>` or `<rdf:RDF>`).
    init(root: xmlNodePtr) {
        let isRDF = root.localName == "RDF"
        if isRDF {
            version = root.childElements.contains { $0.namespaceURI == Namespace.rss090 } ? .rss090 : .rss10
        } else {
            version = Self.version(root.attribute("version"))
        }
        let channel = root.localName == "channel" ? root : root.childElements.first { $0.localName == "channel" }
        if let channel { readChannel(channel) }
        // RSS 1.0 puts items beside the channel; some broken 2.0 feeds do too.
        let itemParents = [channel, isRDF ? root : nil].compactMap { $0 }
        for parent in itemParents {
            for node in parent.childElements where node.localName == "item" && Namespace.rssCore.contains(node.namespaceURI) {
                items.append(RSSItem(node: node))
            }
        }
        if language == nil { language = root.language }
    }

    private static func version(_ attribute: String?) -> ParsedFeed.Format {
        switch attribute?.trimmingCharacters(in: .whitespaces) {
        case "0.91": .rss091
        case "0.92": .rss092
        case "0.93": .rss093
        case "0.94": .rss094
        case "0.90": .rss090
        default: .rss20
        }
    }

    private mutating func readChannel(_ channel: xmlNodePtr) {
        for node in channel.childElements {
            let namespace = node.namespaceURI
            switch (namespace, node.localName) {
            case (let ns, "title") where Namespace.rssCore.contains(ns): title = node.textOrMarkup
            case (let ns, "link") where Namespace.rssCore.contains(ns): link = link ?? node.resolvedLink(node.textContent)
            case (let ns, "description") where Namespace.rssCore.contains(ns): description = node.textOrMarkup
            case ("", "language"), (Namespace.dublinCore, "language"): language = language ?? node.textContent.trimmed
            case ("", "lastBuildDate"): lastBuildDate = node.textContent
            case ("", "pubDate"): pubDate = node.textContent
            case (Namespace.dublinCore, "date"): dcDate = node.textContent
            case (Namespace.atom10, "link") where (node.attribute("rel") ?? "alternate") == "alternate":
                link = link ?? node.attribute("href").flatMap { node.resolvedLink($0) }
            default: break
            }
        }
    }
}

extension RSSItem {
    init(node item: xmlNodePtr) {
        for node in item.childElements {
            switch (node.namespaceURI, node.localName) {
            case (let ns, "title") where Namespace.rssCore.contains(ns): title = node.textOrMarkup
            case (let ns, "link") where Namespace.rssCore.contains(ns): link = link ?? node.resolvedLink(node.textContent)
            case (let ns, "description") where Namespace.rssCore.contains(ns): description = node.textOrMarkup
            case ("", "guid"):
                guid = node.textContent.trimmed
                guidIsPermaLink = node.attribute("isPermaLink")?.lowercased() != "false"
            case (Namespace.content, "encoded"): contentEncoded = node.textOrMarkup
            case ("", "author"): author = node.textContent.trimmed
            case (Namespace.dublinCore, "creator"): creator = creator ?? node.textContent.trimmed
            case ("", "pubDate"): pubDate = node.textContent
            case (Namespace.dublinCore, "date"): dcDate = node.textContent
            case (Namespace.dcterms, "modified"): modified = node.textContent
            case ("", "category"), (Namespace.dublinCore, "subject"):
                let term = node.textContent.trimmed
                if !term.isEmpty { categories.append(term) }
            case ("", "enclosure"):
                if let url = node.attribute("url").flatMap({ node.resolvedLink($0) }).flatMap(URL.init(string:)) {
                    enclosures.append(Enclosure(url: url, type: node.attribute("type")?.trimmed, length: node.attribute("length")?.trimmed))
                }
            case (Namespace.atom10, "link") where (node.attribute("rel") ?? "alternate") == "alternate":
                link = link ?? node.attribute("href").flatMap { node.resolvedLink($0) }
            default: break
            }
        }
    }
}

extension RSSDocument {
    /// Maps the raw document onto the shared model.
    func adapted(warnings: [String]) -> ParsedFeed {
        ParsedFeed(
            format: version,
            title: title.map(Self.plainText),
            link: link.flatMap(URL.init(string:)),
            subtitle: description.map(Self.plainText),
            language: language,
            updated: (lastBuildDate ?? dcDate).flatMap(FeedDate.parse),
            published: pubDate.flatMap(FeedDate.parse),
            entries: items.map { $0.adapted() },
            warnings: warnings
        )
    }

    /// RSS titles and descriptions are HTML by convention: markup removed, entities decoded.
    static func plainText(_ html: String) -> String {
        HTMLText.text(fromHTML: html)
    }
}

extension RSSItem {
    func adapted() -> FeedEntry {
        // A permalink guid is the item's link when the item has no <link> (RSS 2.0 spec, "guid").
        let resolvedLink = link ?? (guidIsPermaLink ? guid.flatMap { $0.hasPrefix("http") ? $0 : nil } : nil)
        return FeedEntry(
            id: guid,
            title: title.map(RSSDocument.plainText),
            link: resolvedLink.flatMap(URL.init(string:)),
            author: (creator ?? author).map(Self.authorName),
            published: (pubDate ?? dcDate).flatMap(FeedDate.parse),
            updated: (modified ?? dcDate).flatMap(FeedDate.parse),
            summaryHTML: description,
            contentHTML: contentEncoded,
            categories: categories,
            enclosures: enclosures
        )
    }

    /// "jane@example.org (Jane Doe)" → "Jane Doe"; a bare name stays as it is.
    static func authorName(_ raw: String) -> String {
        if let open = raw.firstIndex(of: "("), let close = raw.lastIndex(of: ")"), open < close, raw[..<open].contains("@") {
            return String(raw[raw.index(after: open)..<close]).trimmed
        }
        return raw
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The element's text, or its serialised children when the feed put unescaped markup inside.
    var textOrMarkup: String { hasElementChildren ? innerMarkup : textContent }

    /// `raw` resolved against the node's base (nested xml:base over the document URL).
    func resolvedLink(_ raw: String) -> String? {
        let trimmed = raw.trimmed
        guard !trimmed.isEmpty else { return nil }
        if let base = baseURI.flatMap(URL.init(string:)), let resolved = URL(string: trimmed, relativeTo: base) {
            return resolved.absoluteString
        }
        return trimmed
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
