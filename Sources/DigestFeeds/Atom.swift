import CLibXML2
import DigestModel
import Foundation

/// An Atom 1.0 or 0.3 document as written, before mapping onto `ParsedFeed`.
struct AtomDocument {
    var version: ParsedFeed.Format = .atom10
    var title: AtomText?
    var link: String?
    var subtitle: AtomText?
    var language: String?
    var updated: String?
    var published: String?
    var entries: [AtomEntry] = []
}

/// An Atom text construct (RFC 4287 section 3.1), kept as HTML whatever its type.
struct AtomText {
    var html: String

    init(node: xmlNodePtr) {
        let type = node.attribute("type")?.lowercased().trimmed ?? "text"
        switch type {
        case "xhtml", "application/xhtml+xml":
            // The content is the children of one xhtml:div; its markup is the HTML.
            let div = node.childElements.first { $0.localName == "div" }
            html = (div ?? node).innerMarkup
        case "html", "text/html":
            html = node.textOrMarkup
        default:
            // Atom 0.3 also allows mode="escaped"/"xml"; plain text is escaped so HTML readers see it as written.
            if node.attribute("mode") == "escaped" || type.hasSuffix("html") {
                html = node.textOrMarkup
            } else {
                html = Self.escape(node.textContent)
            }
        }
    }

    var plainText: String { HTMLText.text(fromHTML: html) }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// One `<entry>` as written; links already resolved.
struct AtomEntry {
    var id: String?
    var title: AtomText?
    var link: String?
    var author: String?
    var published: String?
    var updated: String?
    var summary: AtomText?
    var content: AtomText?
    var categories: [String] = []
    var enclosures: [Enclosure] = []
}

extension AtomDocument {
    init(root: xmlNodePtr) {
        version = root.namespaceURI == Namespace.atom03 ? .atom03 : .atom10
        language = root.language
        for node in root.childElements where node.namespaceURI == root.namespaceURI {
            switch node.localName {
            case "title": title = AtomText(node: node)
            case "subtitle", "tagline": subtitle = AtomText(node: node)
            case "link": link = link ?? Self.alternateLink(node)
            case "updated", "modified": updated = node.textContent
            case "published", "issued": published = node.textContent
            case "entry": entries.append(AtomEntry(node: node))
            default: break
            }
        }
    }

    /// The href of a `rel="alternate"` link (the default rel), resolved.
    static func alternateLink(_ node: xmlNodePtr) -> String? {
        guard (node.attribute("rel")?.trimmed ?? "alternate") == "alternate" else { return nil }
        return node.attribute("href").flatMap { node.resolvedLink($0) }
    }

    func adapted(warnings: [String]) -> ParsedFeed {
        ParsedFeed(
            format: version,
            title: title?.plainText,
            link: link.flatMap(URL.init(string:)),
            subtitle: subtitle?.plainText,
            language: language,
            updated: updated.flatMap(FeedDate.parse),
            published: published.flatMap(FeedDate.parse),
            entries: entries.map { $0.adapted() },
            warnings: warnings
        )
    }
}

extension AtomEntry {
    init(node entry: xmlNodePtr) {
        let atom = entry.namespaceURI
        for node in entry.childElements where node.namespaceURI == atom {
            switch node.localName {
            case "id": id = node.textContent.trimmed
            case "title": title = AtomText(node: node)
            case "link":
                let rel = node.attribute("rel")?.trimmed ?? "alternate"
                if rel == "enclosure", let url = node.attribute("href").flatMap({ node.resolvedLink($0) }).flatMap(URL.init(string:)) {
                    enclosures.append(Enclosure(url: url, type: node.attribute("type")?.trimmed, length: node.attribute("length")?.trimmed))
                } else {
                    link = link ?? AtomDocument.alternateLink(node)
                }
            case "author":
                if author == nil {
                    author = node.childElements.first { $0.localName == "name" }?.textContent.trimmed
                }
            case "published", "issued": published = node.textContent
            case "updated", "modified": updated = node.textContent
            case "summary": summary = AtomText(node: node)
            case "content": content = AtomText(node: node)
            case "category":
                if let term = (node.attribute("term") ?? node.attribute("label"))?.trimmed, !term.isEmpty { categories.append(term) }
            default: break
            }
        }
    }

    func adapted() -> FeedEntry {
        FeedEntry(
            id: id,
            title: title?.plainText,
            link: link.flatMap(URL.init(string:)),
            author: author,
            published: published.flatMap(FeedDate.parse),
            updated: updated.flatMap(FeedDate.parse),
            summaryHTML: summary?.html,
            contentHTML: content?.html,
            categories: categories,
            enclosures: enclosures
        )
    }
}
