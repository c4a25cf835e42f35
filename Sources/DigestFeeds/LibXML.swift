import CLibXML2
import Foundation

/// Small, non-escaping helpers over libxml2's tree. No pointer leaves the closure that parsed it.
enum LibXML {
    /// `xmlInitParser` must run once before threads use the parser; Swift runs this lazily and once.
    static let initialized: Void = { xmlInitParser() }()

    /// The outcome of reading one document: the tree for the body closure, the problems recovered from.
    struct ParseReport {
        /// Recovered errors, "line N: message".
        var warnings: [String] = []
    }

    /// Parses XML with a parser context: recover mode, no network, no external entities or DTDs.
    ///
    /// `XML_PARSE_NOENT` and `XML_PARSE_DTDLOAD` are never set, so entities stay unexpanded
    /// references unless internal, and libxml2's built-in amplification limits bound those.
    static func withXMLDocument<T>(
        _ data: [UInt8], url: String?, encoding: String?,
        _ body: (xmlDocPtr, inout ParseReport) throws -> T
    ) throws(FeedError) -> T {
        _ = initialized
        guard let context = xmlNewParserCtxt() else { throw .parser("cannot allocate an XML parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let parsed = data.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            return xmlCtxtReadMemory(context, base, Int32(buffer.count), url, encoding, options)
        }
        var report = ParseReport()
        if let error = xmlCtxtGetLastError(context), error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
            report.warnings.append(describe(error.pointee))
        } else if context.pointee.wellFormed == 0 {
            report.warnings.append("the document is not well-formed XML")
        }
        guard let document = parsed else {
            throw .notXML(report.warnings.first ?? "no XML document found")
        }
        defer { xmlFreeDoc(document) }
        do {
            return try body(document, &report)
        } catch let error as FeedError {
            throw error
        } catch {
            throw .parser(String(describing: error))
        }
    }

    static func describe(_ error: xmlError) -> String {
        let message = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
        return error.line > 0 ? "line \(error.line): \(message)" : message
    }
}

/// Read-only views of a libxml2 node, valid only while its document lives.
extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The local name of an element.
    var localName: String { pointee.name.map { String(cString: $0) } ?? "" }

    /// The namespace URI, or "" for none.
    var namespaceURI: String { pointee.ns?.pointee.href.map { String(cString: $0) } ?? "" }

    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }

    /// Child elements in document order.
    var childElements: [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = pointee.children
        while let node = child {
            if node.isElement { result.append(node) }
            child = node.pointee.next
        }
        return result
    }

    /// The concatenated text of the node and its descendants.
    var textContent: String {
        guard let raw = xmlNodeGetContent(self) else { return "" }
        defer { digest_xmlFree(raw) }
        return String(cString: raw)
    }

    /// An attribute without namespace, or nil.
    func attribute(_ name: String) -> String? {
        guard let raw = xmlGetProp(self, name) else { return nil }
        defer { digest_xmlFree(raw) }
        return String(cString: raw)
    }

    /// An attribute in a namespace (`xml:lang` is `attribute("lang", namespace: xmlNamespace)`).
    func attribute(_ name: String, namespace: String) -> String? {
        guard let raw = xmlGetNsProp(self, name, namespace) else { return nil }
        defer { digest_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The markup inside the element, serialised; used where a feed puts raw XHTML in a text field.
    var innerMarkup: String {
        guard let buffer = xmlBufferCreate() else { return textContent }
        defer { xmlBufferFree(buffer) }
        var child = pointee.children
        while let node = child {
            xmlNodeDump(buffer, pointee.doc, node, 0, 0)
            child = node.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// Whether any child is an element (markup that was not escaped).
    var hasElementChildren: Bool {
        var child = pointee.children
        while let node = child {
            if node.isElement { return true }
            child = node.pointee.next
        }
        return false
    }

    /// The effective base URI of the node: nested `xml:base` values over the document URL.
    var baseURI: String? {
        guard let raw = xmlNodeGetBase(pointee.doc, self) else { return nil }
        defer { digest_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The `xml:lang` in scope.
    var language: String? {
        guard let raw = xmlNodeGetLang(self) else { return nil }
        defer { digest_xmlFree(raw) }
        return String(cString: raw)
    }
}

/// The XML namespace, home of `xml:base` and `xml:lang`.
let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
