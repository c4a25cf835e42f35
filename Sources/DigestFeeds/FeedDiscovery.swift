import CLibXML2
import Foundation

/// Finds the feeds a web page announces, for `digest feeds add` of a site's address: the
/// `<link rel="alternate">` elements whose type is RSS, Atom or JSON Feed (the autodiscovery
/// convention every browser and reader follows), and then the paths sites commonly use.
public enum FeedDiscovery {
    /// Feed media types announced by `<link rel="alternate" type="…">`.
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rdf+xml", "text/xml", "application/xml",
    ]

    /// Paths tried when a page announces nothing, most common first.
    public static let commonPaths = ["/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/rss", "/feed.json", "/feeds/posts/default"]

    /// The feed URLs a page's `<head>` announces, resolved against `base`, in page order.
    public static func announcedFeeds(inHTML data: Data, base: URL) -> [URL] {
        _ = LibXML.initialized
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = MarkupLimits.limitAttributes(HTMLPreclean.strip([UInt8](data)))
        let document = bytes.withUnsafeBytes { buffer in
            htmlReadMemory(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), base.absoluteString, nil, options)
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        var found: [URL] = []
        func visit(_ node: xmlNodePtr?) {
            var current = node
            while let element = current {
                if element.pointee.type == XML_ELEMENT_NODE, let name = element.pointee.name, String(cString: name).lowercased() == "link" {
                    let rel = property(element, "rel")?.lowercased().split(separator: " ").map(String.init) ?? []
                    let type = property(element, "type")?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
                    if rel.contains("alternate"), feedTypes.contains(type), let href = property(element, "href"),
                       let url = URL(string: href.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteURL, !found.contains(url) {
                        found.append(url)
                    }
                }
                visit(element.pointee.children)
                current = element.pointee.next
            }
        }
        visit(xmlDocGetRootElement(document))
        return found
    }

    private static func property(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { digest_xmlFree(value) }
        return String(cString: value)
    }
}
