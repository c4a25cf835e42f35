import CLibXML2
import DigestModel
import Foundation

/// Reads a feed document of any supported format into a `ParsedFeed`.
///
/// The format is detected from the content, never from a file name: the root element for XML,
/// the `version` member for JSON Feed. Each format is read into its own raw form and adapted.
public struct FeedParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses `data`; `url` is the document's address (the base for relative links) and
    /// `contentType` the HTTP header, whose charset overrides the XML declaration (RFC 7303).
    public func parse(_ data: Data, url: URL? = nil, contentType: String? = nil) throws(FeedError) -> ParsedFeed {
        guard data.contains(where: { !Self.isSpace($0) }) else { throw .empty }
        let encoding = contentType.flatMap(Self.charset)
        return try LibXML.withXMLDocument(data, url: url?.absoluteString, encoding: encoding) { document, report in
            guard let root = xmlDocGetRootElement(document) else { throw FeedError.notXML("no root element") }
            switch (root.localName, root.namespaceURI) {
            case ("rss", _), ("RDF", _), ("channel", _):
                return RSSDocument(root: root).adapted(warnings: report.warnings)
            case ("feed", Namespace.atom10), ("feed", Namespace.atom03), ("feed", ""):
                return AtomDocument(root: root).adapted(warnings: report.warnings)
            default:
                throw FeedError.unknownFormat(root: root.localName)
            }
        }
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
