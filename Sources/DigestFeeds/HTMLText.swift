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
    /// What a tag does to the text, looked up once per tag.
    enum TagKind {
        case block, rawText, hidden, lineBreak, foreign
    }

    /// What a tag does, from its lower-cased name packed little-endian into an integer (names of
    /// up to eight bytes; the two longer ones that matter are matched by length). Block elements
    /// end a paragraph; raw-text elements (script, style…) are skipped to their end tag; hidden
    /// ones (noscript, template…) hide their content. The names are in the comments above each
    /// group; a switch over the packed constants costs a few comparisons, not a hash.
    static func kind(code: UInt64, length: Int, name: UnsafeBufferPointer<UInt8>) -> TagKind? {
        if length > 8 {
            let text = String(decoding: name, as: UTF8.self).lowercased()
            return text == "blockquote" || text == "figcaption" ? .block : nil
        }
        switch code {
        // address, article, aside, body, caption, center, dd, details, dialog, dir, div, dl, dt, fieldset, figure, footer,
        // form, h1–h6, header, hgroup, hr, li, main, menu, nav, ol, p, pre, section, summary, table, tbody, td, tfoot, th,
        // thead, tr, ul, html
        case 0x73736572646461, 0x656c6369747261, 0x6564697361, 0x79646f62, 0x6e6f6974706163, 0x7265746e6563, 0x6464,
             0x736c6961746564, 0x676f6c616964, 0x726964, 0x766964, 0x6c64, 0x7464, 0x746573646c656966, 0x657275676966,
             0x7265746f6f66, 0x6d726f66, 0x3168, 0x3268, 0x3368, 0x3468, 0x3568, 0x3668, 0x726564616568, 0x70756f726768,
             0x7268, 0x696c, 0x6e69616d, 0x756e656d, 0x76616e, 0x6c6f, 0x70, 0x657270, 0x6e6f6974636573, 0x7972616d6d7573,
             0x656c626174, 0x79646f6274, 0x6474, 0x746f6f6674, 0x6874, 0x6461656874, 0x7274, 0x6c75, 0x6c6d7468:
            return .block
        // script, style, textarea, title, xmp, iframe, noembed, noframes, head
        case 0x747069726373, 0x656c797473, 0x6165726174786574, 0x656c746974, 0x706d78, 0x656d61726669, 0x6465626d656f6e,
             0x73656d6172666f6e, 0x64616568:
            return .rawText
        // noscript, template, object, select, button, canvas, audio, video, map, datalist
        case 0x7470697263736f6e, 0x6574616c706d6574, 0x7463656a626f, 0x7463656c6573, 0x6e6f74747562, 0x7361766e6163,
             0x6f69647561, 0x6f65646976, 0x70616d, 0x7473696c61746164:
            return .hidden
        case 0x7262: return .lineBreak // br
        case 0x677673, 0x6874616d: return .foreign // svg, math
        default: return nil
        }
    }

    /// `title` packed, which is content inside SVG and MathML.
    static let titleCode: UInt64 = 0x656c746974

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
    /// Open hidden elements, by packed name; text is dropped while any is open.
    var hidden: [UInt64] = []
    /// Open `svg` and `math` elements, inside which `title` is content, not the page's title.
    var foreignDepth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func run() {
        let count = bytes.count
        var position = index
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                index = position
                tag()
                position = index
            } else if byte == UInt8(ascii: "&") {
                index = position
                reference()
                position = index
            } else if byte <= 0x20 {
                text(byte)
                position += 1
            } else {
                // A run of ordinary text, single spaces included, is copied in one go.
                var end = position + 1
                var high = byte >= 0x80
                while end < count {
                    let next = bytes[end]
                    if next > 0x20 {
                        if next == UInt8(ascii: "<") || next == UInt8(ascii: "&") { break }
                        if next >= 0x80 { high = true }
                    } else if next != 0x20 || bytes[end - 1] == 0x20 {
                        break
                    }
                    end += 1
                }
                appendRun(position..<end, mayHoldC1: high)
                position = end
            }
        }
        index = position
        flush()
    }

    // MARK: Text

    private mutating func appendRun(_ range: Range<Int>, mayHoldC1: Bool) {
        guard hidden.isEmpty else { return }
        if pendingSpace, buffer.last != 0x20 { buffer.append(0x20) }
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
            pendingSpace = !buffer.isEmpty && buffer.last != 0x20
        case 0x00..<0x20:
            return
        default:
            if pendingSpace, buffer.last != 0x20 { buffer.append(0x20) }
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
        var code: UInt64 = 0
        while nameEnd < bytes.count, isNameByte(bytes[nameEnd]) {
            if nameEnd - nameStart < 8 { code |= UInt64(lowercased(bytes[nameEnd])) << (8 * UInt64(nameEnd - nameStart)) }
            nameEnd += 1
        }
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
        let (tagEnd, selfClosing) = endOfTag(from: nameEnd)
        index = tagEnd
        guard let kind = HTMLText.kind(code: code, length: nameEnd - nameStart, name: nameBytes) else { return }
        closing ? endTag(kind, code: code) : startTag(kind, code: code, name: nameBytes, selfClosing: selfClosing)
    }

    private mutating func startTag(_ kind: HTMLText.TagKind, code: UInt64, name: UnsafeBufferPointer<UInt8>, selfClosing: Bool) {
        switch kind {
        case .foreign:
            if !selfClosing { foreignDepth += 1 }
        case .rawText:
            // Inside SVG and MathML, <title> is content.
            if foreignDepth > 0 && code == HTMLText.titleCode { return }
            if !selfClosing { skipRawText(name) }
        case .hidden:
            if !selfClosing { hidden.append(code) }
        case .lineBreak:
            guard hidden.isEmpty else { return }
            pendingBreaks += 1
            // One <br> is a line break inside a paragraph; two in a row separate paragraphs.
            if pendingBreaks >= 2 { flush() } else { pendingSpace = !buffer.isEmpty }
        case .block:
            if hidden.isEmpty { flush() }
        }
    }

    private mutating func endTag(_ kind: HTMLText.TagKind, code: UInt64) {
        switch kind {
        case .foreign: foreignDepth = max(0, foreignDepth - 1)
        case .hidden:
            if let open = hidden.lastIndex(of: code) { hidden.removeSubrange(open...) }
        case .block:
            if hidden.isEmpty { flush() }
        case .rawText, .lineBreak: return
        }
    }

    /// Skips the content of a raw-text element up to its end tag (`</script`, any case).
    private mutating func skipRawText(_ name: UnsafeBufferPointer<UInt8>) {
        let closing = [UInt8(ascii: "<"), UInt8(ascii: "/")] + name.map(lowercased)
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
        if buffer.last == 0x20 { buffer.removeLast() }
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
