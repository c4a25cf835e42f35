import CLibXML2
import Foundation

/// Turns an extracted subtree into paragraphs of plain text: block elements start a new
/// paragraph, `<br>` a new line, table cells are separated by a space, `<pre>` keeps its lines,
/// and white space elsewhere is folded as a browser folds it.
struct PageText {
    struct Paragraph {
        var text: String
        /// Characters inside links, to recognise lists of links.
        var linkedLength: Int
    }

    private(set) var paragraphs: [Paragraph] = []
    private var line: [UInt8] = []
    private var lines: [String] = []
    private var linkedLength = 0
    private var pendingSpace = false

    init(_ root: HTMLNode) {
        walk(root, inLink: false, inPre: false)
        endParagraph()
    }

    private mutating func walk(_ node: HTMLNode, inLink: Bool, inPre: Bool) {
        if node.isText {
            guard let content = node.pointee.content else { return }
            let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            append(UnsafeBufferPointer(start: content, count: length), inLink: inLink, inPre: inPre)
            return
        }
        guard node.isElement else { return }
        let tag = node.tag
        switch tag {
        case "br":
            endLine()
            return
        case "td", "th":
            pendingSpace = !line.isEmpty
        case "tr":
            // A table row is a line of its table's paragraph.
            endLine()
        case "img", "script", "style", "noscript", "template", "svg", "button", "select", "textarea":
            return
        default:
            break
        }
        let block = ExtractionRules.blocks.contains(tag)
        if block { endParagraph() }
        // A `javascript:` link is a button, not a link away from the article.
        let link = inLink || (tag == "a" && !(node.attribute("href")?.lowercased().hasPrefix("javascript:") ?? false))
        let pre = inPre || tag == "pre"
        var child = node.firstChild
        while let current = child {
            walk(current, inLink: link, inPre: pre)
            child = current.next
        }
        if block { endParagraph() }
        if tag == "td" || tag == "th" { pendingSpace = !line.isEmpty }
        if tag == "tr" { endLine() }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, inLink: Bool, inPre: Bool) {
        for byte in bytes {
            if byte == 0x0A, inPre {
                endLine()
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if !line.isEmpty { pendingSpace = true }
            } else {
                if pendingSpace {
                    line.append(0x20)
                    pendingSpace = false
                }
                line.append(byte)
                if inLink, byte & 0xC0 != 0x80 { linkedLength += 1 }
            }
        }
    }

    private mutating func endLine() {
        // `append` never starts a line with a space nor ends one with it.
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        line.removeAll(keepingCapacity: true)
        pendingSpace = false
    }

    private mutating func endParagraph() {
        endLine()
        guard !lines.isEmpty else {
            linkedLength = 0
            return
        }
        paragraphs.append(Paragraph(text: lines.joined(separator: "\n"), linkedLength: linkedLength))
        lines.removeAll()
        linkedLength = 0
    }
}
