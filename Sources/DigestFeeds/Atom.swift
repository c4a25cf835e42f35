import CLibXML2
import DigestModel
import Foundation

/// An Atom 1.0 or 0.3 document as written (including the namespaces Atom had in its drafts),
/// before mapping onto `ParsedFeed`.
struct AtomDocument {
    var version: ParsedFeed.Format = .atom10
    var title: TextValue?
    var link: String?
    var subtitle: TextValue?
    var language: String?
    var updated: String?
    var published: String?
    var extensions = ExtensionFields()
    var entries: [AtomEntry] = []
}

/// One `<entry>` as written; links and ids already resolved.
struct AtomEntry {
    var id: String?
    var title: TextValue?
    var link: String?
    var author: String?
    var published: String?
    var updated: String?
    var summary: TextValue?
    var content: TextValue?
    var categories: [String] = []
    var enclosures: [Enclosure] = []
    var extensions = ExtensionFields()
}

extension AtomDocument {
    init(root: XMLElement) {
        version = root.namespaceURI == Namespace.atom10 ? .atom10 : .atom03
        language = root.normalizedLanguage
        for node in root.childElements {
            let key = node.key
            if extensions.read(node, key: key) { continue }
            switch key {
            case "title": title = title ?? TextValue.atom(node)
            case "subtitle", "tagline", "description": subtitle = subtitle ?? TextValue.atom(node)
            case "link": link = link ?? LinkElement(node).alternate
            // For dates the last element wins, as in feedparser.
            case "updated", "modified": updated = node.textContent
            case "published", "issued": published = node.textContent
            case "entry": entries.append(AtomEntry(node: node))
            default: break
            }
        }
    }

    func adapted(warnings: [String]) -> ParsedFeed {
        ParsedFeed(
            format: version,
            title: (title?.plain).flatMap(nonEmpty) ?? extensions.dcTitle,
            link: link.flatMap(URL.init(string:)),
            subtitle: (subtitle ?? extensions.dcDescription ?? extensions.itunesSubtitle ?? extensions.itunesSummary)?.plain,
            language: language ?? extensions.dcLanguage,
            updated: [updated, extensions.dcDate, extensions.dctermsModified].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            published: [published, extensions.dctermsIssued].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            entries: entries.map { $0.adapted() },
            warnings: warnings
        )
    }
}

extension AtomEntry {
    init(node entry: XMLElement) {
        for node in entry.childElements {
            let key = node.key
            if extensions.read(node, key: key) { continue }
            switch key {
            case "id": id = id ?? node.resolvedLink(node.textContent)
            case "title": title = title ?? TextValue.atom(node)
            case "link":
                let element = LinkElement(node)
                if let enclosure = element.enclosure { enclosures.append(enclosure) } else { link = link ?? element.alternate }
            case "author":
                if author == nil {
                    let name = node.childElements.first { $0.key == "name" }?.textContent
                    let email = node.childElements.first { $0.key == "email" }?.textContent
                    author = (name ?? email ?? (node.hasElementChildren ? nil : node.textContent)).flatMap(AuthorName.parse)
                }
            case "published", "issued", "created": published = node.textContent
            case "updated", "modified": updated = node.textContent
            case "summary": summary = summary ?? TextValue.atom(node)
            case "content": content = content ?? TextValue.atom(node)
            case "category":
                appendTerm(node.attribute("term") ?? node.attribute("label") ?? node.textContent, to: &categories)
            default: break
            }
        }
    }

    func adapted() -> FeedEntry {
        FeedEntry(
            id: id ?? extensions.dcIdentifier,
            title: (title?.plain).flatMap(nonEmpty) ?? extensions.dcTitle ?? extensions.mediaTitle?.plain,
            link: link.flatMap(URL.init(string:)),
            author: author ?? [extensions.dcCreator, extensions.itunesAuthor].lazy.compactMap { $0.flatMap(AuthorName.parse) }.first,
            published: [published, extensions.dctermsIssued].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            updated: [updated, extensions.dcDate, extensions.dctermsModified].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first,
            summaryHTML: (summary ?? extensions.dcDescription ?? extensions.itunesSummary ?? extensions.mediaDescription)?.html,
            contentHTML: (content ?? extensions.contentEncoded)?.html,
            categories: categories + extensions.categories,
            enclosures: enclosures
        )
    }
}
