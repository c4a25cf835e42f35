import CLibXML2

/// Turns the HTML of a feed entry (its content or summary) into plain-text paragraphs.
///
/// A single pass over the UTF-8 bytes, in the manner of the HTML5 tokenizer: tags are
/// recognised and dropped, text is kept with its white space folded, character references
/// are decoded (named ones from libxml2's HTML entity table), block elements and a double
/// `<br>` end paragraphs, and what a reader never sees (scripts, styles, templates, embedded
/// objects, comments) is skipped. No tree is built: `digest-bench parse` measured a libxml2
/// HTML tree per entry at about half of the whole parse, and a feed entry needs its text, not
/// its structure. Article pages, where structure matters, are read with libxml2's HTML parser.
public enum HTMLText {
    /// Elements that start and end a paragraph.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "html",
    ]

    /// Elements whose content is raw text that is never shown: skipped up to their end tag.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "head"]

    /// Elements whose content is markup that is never shown.
    static let hiddenElements: Set<String> = ["noscript", "template", "object", "embed", "select", "button", "canvas", "audio", "video", "map", "datalist"]

    /// Elements that never have content, so they never open a hidden region.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// The paragraphs of `html`, each with ASCII white space folded; empty paragraphs are dropped.
    public static func paragraphs(fromHTML html: String) -> [String] {
        var html = html
        return html.withUTF8 { bytes in
            var converter = Converter(bytes: bytes)
            converter.run()
            return converter.paragraphs
        }
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
}

/// The tokenizer and paragraph builder behind `HTMLText`.
private struct Converter {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var paragraphs: [String] = []
    var buffer: [UInt8] = []
    var pendingSpace = false
    var pendingBreaks = 0
    var hasC1 = false
    /// Open hidden elements; text is dropped while any is open.
    var hidden: [String] = []
    /// Open `svg` and `math` elements, inside which `title` is content, not the page's title.
    var foreignDepth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func run() {
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                tag()
            } else if byte == UInt8(ascii: "&") {
                reference()
            } else if byte <= 0x20 {
                text(byte)
                index += 1
            } else {
                // A run of ordinary text is copied in one go.
                var end = index + 1
                var high = byte >= 0x80
                while end < count {
                    let next = bytes[end]
                    if next == UInt8(ascii: "<") || next == UInt8(ascii: "&") || next <= 0x20 { break }
                    if next >= 0x80 { high = true }
                    end += 1
                }
                appendRun(index..<end, mayHoldC1: high)
                index = end
            }
        }
        flush()
    }

    // MARK: Text

    private mutating func appendRun(_ range: Range<Int>, mayHoldC1: Bool) {
        guard hidden.isEmpty else { return }
        if pendingSpace { buffer.append(0x20) }
        pendingSpace = false
        pendingBreaks = 0
        let run = UnsafeBufferPointer(rebasing: bytes[range])
        if mayHoldC1, !hasC1 {
            for position in run.indices.dropFirst() where run[position - 1] == 0xC2 && run[position] >= 0x80 && run[position] <= 0x9F {
                hasC1 = true
                break
            }
        }
        buffer.append(contentsOf: run)
    }

    /// One byte of text: white space folds; control characters, which no page means, are dropped.
    private mutating func text(_ byte: UInt8) {
        guard hidden.isEmpty else { return }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
            pendingSpace = !buffer.isEmpty
        case 0x00..<0x20:
            return
        default:
            if pendingSpace { buffer.append(0x20) }
            pendingSpace = false
            if byte >= 0x80, byte <= 0x9F, buffer.last == 0xC2 { hasC1 = true }
            buffer.append(byte)
            pendingBreaks = 0
        }
    }

    private mutating func scalar(_ value: UInt32) {
        // Numeric references to C1 controls mean Windows-1252 punctuation; NUL and surrogates are invalid.
        var value = value
        if (0x80...0x9F).contains(value) { value = Charset.windows1252High[Int(value - 0x80)] }
        guard let scalar = Unicode.Scalar(value), value != 0 else { return }
        if scalar.value == 0xA0 || !scalar.properties.isWhitespace || scalar.value > 0x7F {
            for byte in String(scalar).utf8 { text(byte) }
        } else {
            text(0x20)
        }
    }

    /// A character reference: `&#38;`, `&#x26;`, `&amp;`; anything else is a literal `&`.
    private mutating func reference() {
        let start = index
        var end = index + 1
        let limit = min(bytes.count, index + 34)
        while end < limit, bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "&"), bytes[end] != UInt8(ascii: "<"),
              bytes[end] > 0x20 { end += 1 }
        guard end < limit, bytes[end] == UInt8(ascii: ";"), end > start + 1 else {
            text(UInt8(ascii: "&"))
            index += 1
            return
        }
        let name = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])
        if let value = Self.decode(name) {
            index = end + 1
            scalar(value)
        } else {
            text(UInt8(ascii: "&"))
            index += 1
        }
    }

    private static func decode(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if name[0] == UInt8(ascii: "#") {
            var value: UInt32 = 0
            let hex = name.count > 1 && (name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X"))
            let digits = name.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty, digits.count <= 8 else { return nil }
            for byte in digits {
                switch byte {
                case 0x30...0x39: value = value * (hex ? 16 : 10) + UInt32(byte - 0x30)
                case 0x41...0x46 where hex: value = value * 16 + UInt32(byte - 0x41 + 10)
                case 0x61...0x66 where hex: value = value * 16 + UInt32(byte - 0x61 + 10)
                default: return nil
                }
            }
            return value
        }
        // The entities nearly every feed uses, without a table lookup.
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return 0x26
        case "lt": return 0x3C
        case "gt": return 0x3E
        case "quot": return 0x22
        case "apos": return 0x27
        case "nbsp": return 0xA0
        case let other:
            guard let entity = htmlEntityLookup(other) else { return nil }
            return entity.pointee.value
        }
    }

    // MARK: Markup

    private mutating func tag() {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        if next == UInt8(ascii: "!") {
            if starts(with: "<!--") { skip(past: "-->", from: index + 4); return }
            if starts(with: "<![CDATA[") {
                let end = find("]]>", from: index + 9) ?? bytes.count
                for position in (index + 9)..<end { text(bytes[position]) }
                index = min(bytes.count, end + 3)
                return
            }
            skip(past: ">", from: index + 2)
            return
        }
        if next == UInt8(ascii: "?") { skip(past: ">", from: index + 2); return }
        let closing = next == UInt8(ascii: "/")
        let nameStart = index + (closing ? 2 : 1)
        guard nameStart < bytes.count, isLetter(bytes[nameStart]) else {
            // "<" that starts no tag ("a < b") is text.
            text(UInt8(ascii: "<"))
            index += 1
            return
        }
        var nameEnd = nameStart
        while nameEnd < bytes.count, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
        let raw = String(decoding: nameBytes, as: UTF8.self)
        let name = nameBytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? raw.lowercased() : raw
        let (tagEnd, selfClosing) = endOfTag(from: nameEnd)
        index = tagEnd
        closing ? endTag(name) : startTag(name, selfClosing: selfClosing)
    }

    private mutating func startTag(_ name: String, selfClosing: Bool) {
        if name == "svg" || name == "math", !selfClosing { foreignDepth += 1 }
        if HTMLText.rawTextElements.contains(name), !(foreignDepth > 0 && name == "title") {
            if !selfClosing { skipRawText(name) }
            return
        }
        if HTMLText.hiddenElements.contains(name) {
            if !selfClosing, !HTMLText.voidElements.contains(name) { hidden.append(name) }
            return
        }
        guard hidden.isEmpty else { return }
        if name == "br" {
            pendingBreaks += 1
            // One <br> is a line break inside a paragraph; two in a row separate paragraphs.
            if pendingBreaks >= 2 { flush() } else { pendingSpace = !buffer.isEmpty }
            return
        }
        if HTMLText.blockElements.contains(name) { flush() }
    }

    private mutating func endTag(_ name: String) {
        if name == "svg" || name == "math" { foreignDepth = max(0, foreignDepth - 1) }
        if let open = hidden.lastIndex(of: name) {
            hidden.removeSubrange(open...)
            return
        }
        guard hidden.isEmpty else { return }
        if HTMLText.blockElements.contains(name) { flush() }
    }

    /// Skips the content of a raw-text element up to its end tag (`</script`, any case).
    private mutating func skipRawText(_ name: String) {
        let closing = Array("</\(name)".utf8)
        var position = index
        while position + closing.count <= bytes.count {
            if bytes[position] == UInt8(ascii: "<"), bytes[position + 1] == UInt8(ascii: "/") {
                var matches = true
                for offset in 2..<closing.count where lowercased(bytes[position + offset]) != closing[offset] {
                    matches = false
                    break
                }
                if matches {
                    index = endOfTag(from: position + closing.count).end
                    return
                }
            }
            position += 1
        }
        index = bytes.count
    }

    /// The index after the `>` that ends a tag, past quoted attribute values, and whether it was `/>`.
    private func endOfTag(from start: Int) -> (end: Int, selfClosing: Bool) {
        var position = start
        var quote: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"), opensValue(before: position, start: start) {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return (position + 1, position > start && bytes[position - 1] == UInt8(ascii: "/"))
            }
            position += 1
        }
        return (bytes.count, false)
    }

    /// A quote opens an attribute value only right after `=` (and white space), as in HTML5;
    /// a stray quote inside an unquoted value (`href=http://x/"`) is part of the value.
    private func opensValue(before position: Int, start: Int) -> Bool {
        var previous = position - 1
        while previous >= start, bytes[previous] == 0x20 || bytes[previous] == 0x09 || bytes[previous] == 0x0A { previous -= 1 }
        return previous >= start && bytes[previous] == UInt8(ascii: "=")
    }

    mutating func flush() {
        if !buffer.isEmpty {
            let text = String(decoding: buffer, as: UTF8.self)
            paragraphs.append(hasC1 ? HTMLText.demoronized(text) : text)
            buffer.removeAll(keepingCapacity: true)
        }
        pendingSpace = false
        hasC1 = false
    }

    // MARK: Bytes

    private mutating func skip(past terminator: String, from start: Int) {
        index = find(terminator, from: start).map { $0 + terminator.utf8.count } ?? bytes.count
    }

    private func starts(with prefix: String) -> Bool {
        var position = index
        for byte in prefix.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var position = start
        while position + pattern.count <= bytes.count {
            if bytes[position] == pattern[0] {
                var matches = true
                for offset in 1..<pattern.count where bytes[position + offset] != pattern[offset] {
                    matches = false
                    break
                }
                if matches { return position }
            }
            position += 1
        }
        return nil
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }

    private func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
    }
}
