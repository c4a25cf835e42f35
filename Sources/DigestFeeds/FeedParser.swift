import CLibXML2
import DigestModel
import Foundation

/// Reads a feed document of any supported format into a `ParsedFeed`.
///
/// The format is detected from the content, never from a file name: a JSON object is a JSON
/// Feed; for XML the root element decides (`rss`, `rdf:RDF`, `channel` → the RSS reader;
/// `feed` → the Atom reader). Each format is read into its own raw form and adapted.
public struct FeedParser: Sendable {
    /// Documents larger than this are refused before parsing.
    public var maxBytes: Int

    /// Creates a parser.
    public init(maxBytes: Int = 10 << 20) {
        self.maxBytes = maxBytes
    }

    /// Parses `data`; `url` is the document's address (the base for relative links) and
    /// `contentType` the HTTP header, whose charset overrides the XML declaration (RFC 7303).
    public func parse(_ data: Data, url: URL? = nil, contentType: String? = nil) throws(FeedError) -> ParsedFeed {
        guard data.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        guard data.contains(where: { !Self.isSpace($0) }) else { throw .empty }
        let charset = Charset.decide(data, httpCharset: contentType.flatMap(Self.charset))
        // Nothing but a byte-order mark (or white space after one) is an empty document too.
        guard charset.bytes.contains(where: { !Self.isSpace($0) }) else { throw .empty }
        if JSONFeedDocument.isJSONFeed(charset.bytes) {
            return try JSONFeedDocument.parse(charset.bytes, base: url)
        }
        let (root, all) = try Self.readXML(charset, url: url)
        switch root.key {
        case "rss", "rdf:rdf", "channel":
            return RSSDocument(root: root).adapted(warnings: all)
        case "feed":
            return AtomDocument(root: root).adapted(warnings: all)
        default:
            if ["feed", "rss", "rdf", "channel"].contains(root.localName.lowercased()), !root.namespaceURI.isEmpty {
                throw .foreignNamespace(root: root.localName, namespace: root.namespaceURI)
            }
            throw .unknownFormat(root: root.localName)
        }
    }

    /// Reads XML whose charset is decided: entities repaired, then libxml2's SAX2 interface.
    /// Returns the root and every warning (charset, entities, recovered errors).
    static func readXML(_ charset: Charset.Decision, url: URL?) throws(FeedError) -> (XMLElement, [String]) {
        var warnings = charset.note.map { [$0] } ?? []
        var bytes = charset.bytes
        if let repaired = EntityRepair.repair(bytes) {
            bytes = repaired.bytes
            warnings += repaired.warnings
        }
        bytes = MarkupLimits.limitAttributes(bytes)
        let (root, recovered) = try SAXReader.parse(bytes, url: url?.absoluteString, encoding: charset.encoding)
        return (root, warnings + recovered)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The `charset` parameter of a Content-Type header.
    static func charset(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
