/// Namespace URIs of the vocabularies feeds mix in.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"

    /// Namespaces whose elements RSS readers treat as plain RSS (none, and the RDF flavours).
    static let rssCore: Set<String> = ["", rss10, rss090]
}
