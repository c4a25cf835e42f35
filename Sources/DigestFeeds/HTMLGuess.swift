import CLibXML2

/// Decides whether escaped text in an RSS field is HTML.
///
/// The rule is feedparser's (`_looks_like_html`): the text must hold a closing tag or an entity
/// reference, every tag must be an HTML element, and every named entity an HTML entity.
/// "AT&T's <blink> tag" is therefore plain text, "Fish &amp; <b>chips</b>" is HTML.
enum HTMLGuess {
    /// HTML elements (HTML 4.01 and HTML5 names).
    static let elements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
        "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd",
        "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "font",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd",
        "label", "legend", "li", "main", "map", "mark", "menu", "meter", "nav", "noscript", "ol", "optgroup", "option",
        "output", "p", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "section", "select",
        "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
        "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
        // MathML and SVG, which feeds embed in HTML.
        "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder",
        "mover", "munderover", "mtable", "mtr", "mtd", "mspace", "mstyle", "semantics", "annotation",
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title", "desc",
        "defs", "use", "image", "lineargradient", "radialgradient", "stop", "metadata", "symbol",
    ]

    static func looksLikeHTML(_ text: String) -> Bool {
        guard text.contains("<") || text.contains("&") else { return false }
        let bytes = Array(text.utf8)
        var hasClosingTag = false
        var hasEntity = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                var start = index + 1
                let closing = start < bytes.count && bytes[start] == UInt8(ascii: "/")
                if closing { start += 1 }
                var end = start
                while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
                if end > start {
                    let name = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                    guard elements.contains(name) else { return false }
                    if closing, end < bytes.count, bytes[end] == UInt8(ascii: ">") { hasClosingTag = true }
                }
                index = max(end, index + 1)
            } else if byte == UInt8(ascii: "&") {
                var end = index + 1
                let numeric = end < bytes.count && bytes[end] == UInt8(ascii: "#")
                if numeric { end += 1 }
                let nameStart = end
                while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
                if end > nameStart, end < bytes.count, bytes[end] == UInt8(ascii: ";") {
                    if !numeric {
                        let name = String(decoding: bytes[nameStart..<end], as: UTF8.self)
                        guard EntityRepair.predefined.contains(name) || htmlEntityLookup(name) != nil else { return false }
                    }
                    hasEntity = true
                }
                index = max(end, index + 1)
            } else {
                index += 1
            }
        }
        return hasClosingTag || hasEntity
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }
}
