import CLibXML2
import DigestText
import Foundation

/// The value of a feed text field: plain text, or HTML to be reduced to text for reading.
enum TextValue: Equatable {
    case text(String)
    case html(String)

    /// What a reader sees: HTML reduced to text; ASCII white space folded.
    var plain: String {
        switch self {
        case .text(let text): text.collapsingASCIIWhitespace()
        case .html(let html): HTMLText.text(fromHTML: html)
        }
    }

    /// The value as HTML (plain text escaped).
    var html: String {
        switch self {
        case .text(let text): HTMLEscape.escape(text)
        case .html(let html): html
        }
    }

    var isEmpty: Bool {
        switch self {
        case .text(let value), .html(let value): value.allSatisfy(\.isWhitespace)
        }
    }

    /// An RSS element whose type is plain text unless it looks like HTML (titles, `summary`):
    /// "History of the <blink> tag" stays as written, "Fish &amp; <b>chips</b>" is HTML.
    /// Markup that was left unescaped is HTML.
    static func guess(_ node: XMLElement) -> TextValue {
        if node.hasElementChildren { return .html(node.innerMarkup) }
        return guessText(node.textContent)
    }

    /// An RSS element that is HTML by convention (`description`, `content:encoded`, `body`).
    static func html(_ node: XMLElement) -> TextValue {
        .html(node.hasElementChildren ? node.innerMarkup : node.textContent)
    }

    /// An Atom text construct (RFC 4287 section 3.1), Atom content (section 4.1.3, where a
    /// non-text, non-XML media type means Base64), or Atom 0.3 content with its `mode`.
    static func atom(_ node: XMLElement) -> TextValue {
        let type = node.attribute("type")?.trimmed.lowercased() ?? "text"
        let mode = node.attribute("mode")?.trimmed.lowercased()
        let isXHTML = type == "xhtml" || type == "application/xhtml+xml"
        let isMIME = type.utf8.contains(UInt8(ascii: "/"))
        let isTextual = !isMIME || type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml")
        if mode == "base64" || !isTextual {
            let compact = node.textContent.filter { !$0.isWhitespace }
            let decoded = Data(base64Encoded: compact, options: .ignoreUnknownCharacters).flatMap { String(data: $0, encoding: .utf8) } ?? ""
            return type.hasSuffix("html") ? .html(decoded) : .text(decoded)
        }
        if isXHTML || (mode == "xml" && node.hasElementChildren) {
            // The content is the children of one xhtml:div (Atom 1.0), or the element's own markup.
            let children = node.childElements
            let wrapper = children.count == 1 && children[0].localName == "div" ? children[0] : node
            return .html(wrapper.innerMarkup)
        }
        if node.hasElementChildren {
            // TypePad wraps escaped HTML in an unescaped div: the text is the HTML.
            let text = node.textContent
            return HTMLGuess.looksLikeHTML(text) ? .html(text) : .html(node.innerMarkup)
        }
        let raw = node.textContent
        switch type {
        case "html", "text/html": return .html(raw)
        case "text", "text/plain": return mode == "escaped" ? guessText(raw) : .text(raw)
        default: return type.hasSuffix("html") || type.hasSuffix("xml") ? .html(raw) : .text(raw)
        }
    }

    private static func guessText(_ raw: String) -> TextValue {
        HTMLGuess.looksLikeHTML(raw) ? .html(raw) : .text(raw)
    }
}

/// Escaping for HTML text.
enum HTMLEscape {
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
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
