import CLibXML2
import Foundation

/// An element of a feed document, as the readers need it: names normalised, text gathered,
/// `xml:base` and `xml:lang` resolved. Built from libxml2's SAX2 events rather than from
/// libxml2's own tree, which costs about twice as much to build and then to read into Swift
/// (measured with `digest-bench parse`).
final class XMLElement {
    /// `prefix:local` lower-cased, just `local` for RSS and Atom's own elements (see `Namespace`).
    let key: String
    /// The local name as written.
    let localName: String
    /// The namespace URI, or "".
    let namespaceURI: String
    /// The prefix as written, for serialising unescaped markup.
    let prefix: String?
    /// Attributes as written.
    var attributes: [XMLAttribute]
    /// Child elements in document order.
    var childElements: [XMLElement] = []
    /// Text and child elements in document order, once the element has a child element.
    var parts: [Part] = []
    /// The element's text when it has no child elements (mixed content is in `parts`).
    var ownText = ""
    /// The effective base URI (nested `xml:base` over the document URL), if any.
    let baseURI: String?
    /// The `xml:lang` in scope.
    let language: String?

    enum Part {
        case text(String)
        case element(XMLElement)
    }

    init(key: String, localName: String, namespaceURI: String, prefix: String?, attributes: [XMLAttribute], baseURI: String?, language: String?) {
        self.key = key
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.prefix = prefix
        self.attributes = attributes
        self.baseURI = baseURI
        self.language = language
    }

    var hasElementChildren: Bool { !childElements.isEmpty }

    /// The concatenated text of the element and its descendants.
    var textContent: String {
        guard hasElementChildren else { return ownText }
        var text = ""
        appendText(to: &text)
        return text
    }

    private func appendText(to text: inout String) {
        for part in parts {
            switch part {
            case .text(let chunk): text += chunk
            case .element(let element): element.hasElementChildren ? element.appendText(to: &text) : (text += element.ownText)
            }
        }
    }

    /// An attribute without namespace.
    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.namespaceURI.isEmpty && attribute.localName == name {
            return attribute.value
        }
        return nil
    }

    /// An attribute in a namespace.
    func attribute(_ name: String, namespace: String) -> String? {
        attributes.first { $0.localName == name && $0.namespaceURI == namespace }?.value
    }

    /// The markup inside the element, serialised: used where a feed puts raw XHTML in a field.
    var innerMarkup: String {
        guard hasElementChildren else { return HTMLEscape.escape(ownText) }
        var markup = ""
        for part in parts {
            switch part {
            case .text(let chunk): markup += HTMLEscape.escape(chunk)
            case .element(let element): element.serialise(to: &markup)
            }
        }
        return markup
    }

    private func serialise(to markup: inout String) {
        let name = prefix.map { "\($0):\(localName)" } ?? localName
        markup += "<" + name
        for attribute in attributes {
            let attributeName = attribute.prefix.map { "\($0):\(attribute.localName)" } ?? attribute.localName
            markup += " \(attributeName)=\"\(HTMLEscape.escapeAttribute(attribute.value))\""
        }
        markup += ">" + innerMarkup + "</" + name + ">"
    }

    /// `raw` resolved against the element's base; absolute URLs are returned as written.
    func resolvedLink(_ raw: String) -> String? {
        let trimmed = raw.trimmed
        guard !trimmed.isEmpty else { return nil }
        guard let baseURI, !URIText.isAbsolute(trimmed) else { return trimmed }
        guard let base = URL(string: baseURI), base.scheme != nil else { return trimmed }
        return URL(string: trimmed, relativeTo: base)?.absoluteString ?? trimmed
    }

    /// The in-scope `xml:lang`, with `en_US` written the BCP 47 way.
    var normalizedLanguage: String? {
        language.map { $0.trimmed.replacingOccurrences(of: "_", with: "-") }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A CDF attribute, which Microsoft's examples write in upper case (`HREF`, `LASTMOD`).
    func cdfAttribute(_ name: String) -> String? {
        attribute(name) ?? attribute(name.uppercased())
    }
}

/// An attribute as written.
struct XMLAttribute {
    var localName: String
    var namespaceURI: String
    var prefix: String?
    var value: String
}

/// Small URI checks that spare a full parse in the common case.
enum URIText {
    /// Whether `text` starts with a scheme (`https:`, `urn:`, `tag:`), so it needs no base.
    static func isAbsolute(_ text: String) -> Bool {
        var sawLetter = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if !sawLetter { return false }
            case UInt8(ascii: ":"): return sawLetter
            default: return false
            }
        }
        return false
    }
}

extension HTMLEscape {
    static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
