import CLibXML2
import Foundation

/// A web page parsed by libxml2's HTML parser, owned by the function that parsed it.
///
/// The charset is decided before libxml2 sees the bytes, in the order browsers use (WHATWG
/// "determining the character encoding"): a byte-order mark, then the HTTP charset, then a
/// `<meta charset>` or `http-equiv` declaration in the first bytes; and valid UTF-8 wins over a
/// declaration that says otherwise. libxml2 is then told the encoding and to ignore `<meta>`.
final class HTMLDocument {
    let doc: xmlDocPtr
    /// What was wrong with the charset, if anything.
    let charsetNote: String?

    /// Parses `data`; `url` is the page's address and `contentType` the HTTP header.
    init?(_ data: Data, url: String?, contentType: String?) {
        LibXML.initialized
        let declared = contentType.flatMap(FeedParser.charset) ?? Self.metaCharset(data)
        let decision = Charset.decide(data, httpCharset: declared)
        charsetNote = decision.note
        var bytes = MarkupLimits.limitAttributes(HTMLPreclean.strip(decision.bytes))
        // Naming "UTF-8" to libxml2 routes every byte through a converter (the parse takes 1.7
        // times as long); a byte-order mark makes it read UTF-8 natively.
        var encoding: String? = decision.encoding
        if decision.encoding.uppercased() == "UTF-8" {
            bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
            encoding = nil
        }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        guard let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(1, buffer.count)) { base in
                htmlCtxtReadMemory(context, base, Int32(buffer.count), url, encoding, options)
            }
        }
        guard let parsed else { return nil }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    var root: HTMLNode? { xmlDocGetRootElement(doc) }

    /// The `<body>`, or the root when the parser made none.
    var body: HTMLNode? {
        guard let root else { return nil }
        return root.firstDescendant("body") ?? root
    }

    /// A new element owned by this document.
    func element(_ name: String) -> HTMLNode {
        xmlNewDocNode(doc, nil, name, nil)
    }

    /// The charset a `<meta>` tag in the first 4 KB declares (HTML's prescan looks at 1024 bytes;
    /// pages with long inline scripts before the tag are common enough to look further).
    static func metaCharset(_ data: Data) -> String? {
        let head = ExtractionRules.Hint(String(decoding: data.prefix(4096), as: UTF8.self))
        let bytes = head.bytes
        var start = 0
        while let meta = head.range(of: Array("<meta".utf8), from: start) {
            let end = bytes[meta.upperBound...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
            let tag = ExtractionRules.Hint(String(decoding: bytes[meta.upperBound..<end], as: UTF8.self))
            if let charset = tag.range(of: Array("charset".utf8), from: 0) {
                var index = charset.upperBound
                let value = tag.bytes
                while index < value.count, value[index] == 0x20 { index += 1 }
                if index < value.count, value[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < value.count, [0x20, 0x22, 0x27].contains(value[index]) { index += 1 }
                    let stop: Set<UInt8> = [0x22, 0x27, 0x20, 0x3B, 0x2F, 0x3E]
                    let name = value[index...].prefix { !stop.contains($0) }
                    if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                }
            }
            start = end
        }
        return nil
    }
}

/// A node of libxml2's tree. Only used while its `HTMLDocument` is alive.
typealias HTMLNode = UnsafeMutablePointer<xmlNode>

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// The lowercase tag name ("" for non-elements). The HTML parser lowercases names.
    var tag: String {
        guard isElement, let name = pointee.name else { return "" }
        return String(cString: name)
    }

    /// Whether this is an element named `name` (lowercase), compared without making a string.
    func isTag(_ name: StaticString) -> Bool {
        guard isElement, let own = pointee.name else { return false }
        return strcmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    var parent: HTMLNode? { pointee.parent }
    var firstChild: HTMLNode? { pointee.children }
    var lastChild: HTMLNode? { pointee.last }
    var next: HTMLNode? { pointee.next }

    /// The parent when it is an element (not the document).
    var parentElement: HTMLNode? {
        guard let parent = pointee.parent, parent.isElement else { return nil }
        return parent
    }

    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointee.children
        while let node = child {
            result.append(node)
            child = node.pointee.next
        }
        return result
    }

    var elementChildren: [HTMLNode] { children.filter(\.isElement) }

    var firstElementChild: HTMLNode? {
        var child = pointee.children
        while let node = child, !node.isElement { child = node.pointee.next }
        return child
    }

    var nextElementSibling: HTMLNode? {
        var sibling = pointee.next
        while let node = sibling, !node.isElement { sibling = node.pointee.next }
        return sibling
    }

    /// An attribute's value, if the attribute is present (names compared in lowercase).
    func attribute(_ name: StaticString) -> String? {
        var property = pointee.properties
        let wanted = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        while let attribute = property {
            if let own = attribute.pointee.name,
               strcasecmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self), wanted) == 0 {
                guard let value = attribute.pointee.children, let content = value.pointee.content else { return "" }
                if value.pointee.next == nil { return String(cString: content) }
                guard let joined = xmlNodeListGetString(pointee.doc, value, 1) else { return "" }
                defer { digest_xmlFree(joined) }
                return String(cString: joined)
            }
            property = attribute.pointee.next
        }
        return nil
    }

    func hasAttribute(_ name: StaticString) -> Bool { attributeNode(name) != nil }

    private func attributeNode(_ name: StaticString) -> UnsafeMutablePointer<xmlAttr>? {
        var property = pointee.properties
        let wanted = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        while let attribute = property {
            if let own = attribute.pointee.name, strcasecmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self), wanted) == 0 {
                return attribute
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The bytes of an attribute's value without making a string (nil when absent; empty when
    /// the value is empty or made of entity references, which the HTML parser does not leave).
    func attributeBytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let attribute = attributeNode(name) else { return nil }
        guard let value = attribute.pointee.children, let content = value.pointee.content else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))
    }

    /// Whether an attribute's value equals `value` (ASCII, ignoring case).
    func attribute(_ name: StaticString, is value: StaticString) -> Bool {
        guard let bytes = attributeBytes(name), bytes.count == value.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
    }

    /// The text of a text node.
    var content: String {
        guard let content = pointee.content else { return "" }
        return String(cString: content)
    }

    /// Whether a text node holds only white space (JavaScript's `\s`, as Readability tests it).
    var isBlankText: Bool {
        guard let content = pointee.content else { return true }
        var index = 0
        while content[index] != 0 {
            let byte = content[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: index += 1
            case 0xC2 where content[index + 1] == 0xA0: index += 2
            default: return false
            }
        }
        return true
    }

    /// Whether any descendant text node holds more than white space (stops at the first).
    var hasVisibleText: Bool {
        var node: HTMLNode? = self
        while let current = node {
            if current.isText, !current.isBlankText { return true }
            node = current.nextInSubtree(of: self, descend: current.isElement || current == self)
        }
        return false
    }

    /// All descendant text, as the DOM's `textContent`.
    var textContent: String {
        var bytes: [UInt8] = []
        forEachText { buffer in bytes.append(contentsOf: buffer) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with the bytes of every descendant text node, in document order.
    func forEachText(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var node: HTMLNode? = self
        while let current = node {
            if current.isText, let content = current.pointee.content {
                body(UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))))
            }
            node = current.nextInSubtree(of: self, descend: current.isElement || current == self)
        }
    }

    /// The next node in document order within `root`'s subtree.
    func nextInSubtree(of root: HTMLNode, descend: Bool = true) -> HTMLNode? {
        if descend, let child = pointee.children, pointee.type != XML_ENTITY_REF_NODE { return child }
        var node: HTMLNode = self
        while node != root {
            if let sibling = node.pointee.next { return sibling }
            guard let parent = node.pointee.parent else { return nil }
            node = parent
        }
        return nil
    }

    /// Calls `body` with every descendant element in document order until it returns false.
    func forEachDescendantElement(_ body: (HTMLNode) -> Bool) {
        var node = pointee.children.flatMap { _ in nextInSubtree(of: self) }
        while let current = node {
            if current.isElement, !body(current) { return }
            node = current.nextInSubtree(of: self)
        }
    }

    /// Every descendant element named `name`, in document order.
    func descendants(_ name: StaticString) -> [HTMLNode] {
        var result: [HTMLNode] = []
        forEachDescendantElement { if $0.isTag(name) { result.append($0) }; return true }
        return result
    }

    /// Every descendant element whose name is in `names`, in document order.
    func descendants(in names: [StaticString]) -> [HTMLNode] {
        var result: [HTMLNode] = []
        forEachDescendantElement { element in
            if names.contains(where: element.isTag) { result.append(element) }
            return true
        }
        return result
    }

    /// Counts the descendant elements named `name`.
    func count(_ name: StaticString) -> Int {
        var total = 0
        forEachDescendantElement { if $0.isTag(name) { total += 1 }; return true }
        return total
    }

    func firstDescendant(_ name: StaticString) -> HTMLNode? {
        var found: HTMLNode?
        forEachDescendantElement { element in
            if element.isTag(name) { found = element }
            return found == nil
        }
        return found
    }

    /// Renames an element in place, keeping its attributes and children.
    func rename(_ name: String) {
        xmlNodeSetName(self, name)
    }

    /// Detaches the node from the tree; its memory stays valid until the document is freed
    /// through the extractor's trash list.
    func detach() {
        xmlUnlinkNode(self)
    }

    /// Appends `child` (detached first). libxml2 merges adjacent text nodes, freeing the moved
    /// one; callers never use a moved text node again.
    func append(_ child: HTMLNode) {
        xmlUnlinkNode(child)
        xmlAddChild(self, child)
    }

    /// Moves `node` to just before this one (a text node may be merged into a text node there).
    func insertBefore(_ node: HTMLNode) {
        xmlUnlinkNode(node)
        xmlAddPrevSibling(self, node)
    }

    /// Puts `replacement` where this node is; this node ends up detached.
    func replace(with replacement: HTMLNode) {
        xmlUnlinkNode(replacement)
        xmlReplaceNode(self, replacement)
    }
}
