/// Why a document could not be read as a feed; `description` is the operator's one-liner.
public enum FeedError: Error, Equatable, CustomStringConvertible {
    /// The document is empty or only white space.
    case empty
    /// libxml2 found no XML document at all.
    case notXML(String)
    /// The document is XML but no feed format we know.
    case unknownFormat(root: String)
    /// The root element has a feed's name but another vocabulary's namespace.
    case foreignNamespace(root: String, namespace: String)
    /// The JSON is not a JSON Feed.
    case invalidJSON(String)
    /// The parser itself failed.
    case parser(String)
    /// The document is larger than the parser accepts.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .empty: "empty document"
        case .notXML(let reason): "not XML (\(reason))"
        case .unknownFormat(let root): "not a feed: the root element is <\(root.prefix(60))>, not <rss>, <rdf:RDF>, <feed> or a JSON Feed"
        case .foreignNamespace(let root, let namespace):
            "not a feed: the root element <\(root.prefix(60))> is in the namespace \"\(namespace.prefix(100))\", which is not a feed format's (Atom's is \"http://www.w3.org/2005/Atom\")"
        case .invalidJSON(let reason): "not a JSON Feed (\(reason))"
        case .parser(let reason): "parser failure: \(reason)"
        case .tooLarge(let limit): "document over \(limit / 1024) KB, refused"
        }
    }
}
