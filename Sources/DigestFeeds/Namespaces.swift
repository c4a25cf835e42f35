import CLibXML2

/// Namespace URIs of the vocabularies feeds mix in, and the short prefixes the readers use.
///
/// Feeds write the same vocabulary under many URIs (Userland's RSS namespaces, the drafts of
/// Atom, iTunes' DTD URL in any case), so URIs are matched lower-cased and mapped onto one
/// prefix each; RSS and Atom's own elements get the empty prefix. The table follows the one
/// Python's feedparser uses, which collected these variants from real feeds.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"

    /// Lower-cased URI → prefix ("" for the core vocabularies).
    static let prefixes: [String: String] = [
        "": "",
        "http://backend.userland.com/rss": "",
        "http://blogs.law.harvard.edu/tech/rss": "",
        "http://purl.org/rss/1.0/": "",
        "http://my.netscape.com/rdf/simple/0.9/": "",
        "http://purl.org/rss/1.0/modules/rss091#": "",
        // Atom 1.0, Atom 0.3 and the names Atom had while it was drafted.
        "http://www.w3.org/2005/atom": "",
        "http://purl.org/atom/ns#": "",
        "http://example.com/newformat#": "",
        "http://example.com/necho": "",
        "http://purl.org/echo/": "",
        "uri/of/echo/namespace#": "",
        "http://purl.org/pie/": "",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "http://purl.org/rss/1.0/modules/content/": "content",
        "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
        "http://example.com/dtds/podcast-1.0.dtd": "itunes",
        "http://search.yahoo.com/mrss/": "media",
        "http://search.yahoo.com/mrss": "media",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
        "http://www.w3.org/1999/xhtml": "xhtml",
        "http://www.w3.org/xml/1998/namespace": "xml",
        "http://purl.org/rss/1.0/modules/slash/": "slash",
        "http://wellformedweb.org/commentapi/": "wfw",
        "http://webns.net/mvcb/": "admin",
        "http://purl.org/rss/1.0/modules/syndication/": "sy",
        "http://www.georss.org/georss": "georss",
        "http://www.google.com/schemas/reader/atom/": "gr",
        "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
        "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    ]

    /// The prefix of a URI: from the table, any Userland RSS URI as core, else the document's own prefix.
    static func prefix(uri: String, declared: String?) -> String {
        let lower = uri.lowercased()
        if let known = prefixes[lower] { return known }
        if lower.contains("backend.userland.com/rss") { return "" }
        return declared?.lowercased() ?? lower
    }
}
