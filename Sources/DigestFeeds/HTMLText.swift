import CLibXML2
import DigestText

/// Turns HTML (an entry's content or summary) into plain-text paragraphs.
///
/// libxml2's HTML parser builds the tree (recovering from broken markup and decoding every
/// entity); the walk keeps text, breaks paragraphs at block elements and double `<br>`, and drops
/// what a reader never sees (scripts, styles, templates, embedded objects).
public enum HTMLText {
    /// Elements that start and end a paragraph.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body",
    ]

    /// Elements whose content is never shown as text.
    static let hiddenElements: Set<String> = [
        "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
        "select", "button", "textarea", "canvas", "audio", "video", "map",
    ]

    /// The paragraphs of `html`, each with ASCII white space folded; empty paragraphs are dropped.
    public static func paragraphs(fromHTML html: String) -> [String] {
        guard html.contains(where: { !$0.isWhitespace }) else { return [] }
        // Text without markup or entities needs no parser (most titles, many RSS descriptions).
        if !html.contains("<"), !html.contains("&") {
            let text = html.collapsingASCIIWhitespace()
            return text.isEmpty ? [] : [text]
        }
        return LibXML.withHTMLDocument(html) { document in
            var walker = Walker()
            if let root = xmlDocGetRootElement(document) { walker.handle(root) }
            walker.flush()
            return walker.paragraphs
        } ?? []
    }

    /// The whole text of `html` on one line: paragraphs joined by a space.
    public static func text(fromHTML html: String) -> String {
        paragraphs(fromHTML: html).joined(separator: " ")
    }

    /// C1 controls (U+0080–U+009F) turned into the Windows-1252 punctuation they stand for
    /// (`&#146;` is an apostrophe in every feed that writes it).
    static func demoronized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value), let mapped = Unicode.Scalar(Charset.windows1252High[Int(scalar.value - 0x80)]) {
                scalars.append(mapped)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private struct Walker {
        var paragraphs: [String] = []
        var current = ""
        var pendingBreaks = 0

        mutating func handle(_ node: xmlNodePtr) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    let text = String(cString: content)
                    if text.contains(where: { !isASCIIWhitespace($0) }) { pendingBreaks = 0 }
                    current += text
                }
            case XML_ELEMENT_NODE:
                let name = node.localName.lowercased()
                if hiddenElements.contains(name) { return }
                if name == "br" {
                    pendingBreaks += 1
                    // One <br> is a line break inside a paragraph; two in a row separate paragraphs.
                    if pendingBreaks >= 2 { flush() } else { current += " " }
                    return
                }
                let isBlock = blockElements.contains(name)
                if isBlock { flush() }
                var child = node.pointee.children
                while let element = child {
                    handle(element)
                    child = element.pointee.next
                }
                if isBlock { flush() }
            default:
                return
            }
        }

        mutating func flush() {
            let text = HTMLText.demoronized(current.collapsingASCIIWhitespace())
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
    }
}

private func isASCIIWhitespace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}" || character == "\u{0B}"
}
