import CLibXML2
import Foundation

/// Reads a feed's XML with libxml2's SAX2 interface into `XMLElement`s.
///
/// Recover mode, no network, no DTD loading and no external entities: the same safety as the
/// tree parser (`EntityRepair` has already removed any DOCTYPE). Text arrives in many small
/// pieces (each entity reference is one), so it is gathered in byte buffers and turned into a
/// `String` once per element.
enum SAXReader {
    /// The root element and the problems libxml2 recovered from.
    static func parse(_ bytes: [UInt8], url: String?, encoding: String) throws(FeedError) -> (XMLElement, [String]) {
        _ = LibXML.initialized
        let builder = TreeBuilder(documentURL: url)
        let parsed: Bool = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  let context = xmlCreateMemoryParserCtxt(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count))
            else { return false }
            defer { xmlFreeParserCtxt(context) }
            var handler = xmlSAXHandler()
            handler.initialized = XML_SAX2_MAGIC
            handler.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
                guard let context, let localName else { return }
                // The builder outlives the parse; borrowing it spares a retain and release per event.
                Unmanaged<TreeBuilder>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.start(localName: localName, prefix: prefix, uri: uri, attributeCount: Int(attributeCount), attributes: attributes)
                }
            }
            handler.endElementNs = { context, _, _, _ in
                guard let context else { return }
                Unmanaged<TreeBuilder>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.end() }
            }
            let characters: charactersSAXFunc = { context, text, length in
                guard let context, let text else { return }
                Unmanaged<TreeBuilder>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.characters(text, Int(length)) }
            }
            handler.characters = characters
            handler.cdataBlock = characters
            handler.ignorableWhitespace = characters
            context.pointee.sax.pointee = handler
            context.pointee.userData = Unmanaged.passUnretained(builder).toOpaque()
            var options = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue
            if encoding.uppercased() == "UTF-8" {
                // The bytes are UTF-8 whatever the declaration says (see `Charset`).
                options |= XML_PARSE_IGNORE_ENC.rawValue
            } else if let converter = xmlFindCharEncodingHandler(encoding) {
                xmlSwitchToEncoding(context, converter)
            } else {
                builder.warnings.append("unknown charset \"\(encoding)\"; read as UTF-8")
            }
            xmlCtxtUseOptions(context, Int32(options))
            xmlParseDocument(context)
            if let error = xmlCtxtGetLastError(context), error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
                builder.warnings.append(LibXML.describe(error.pointee))
            } else if context.pointee.wellFormed == 0 {
                builder.warnings.append("the document is not well-formed XML")
            }
            return true
        }
        guard parsed else { throw bytes.isEmpty ? .empty : .parser("libxml2 could not start a parse (out of memory?)") }
        guard let root = builder.root else {
            throw .notXML(builder.warnings.last ?? "no root element")
        }
        return (root, builder.warnings)
    }
}

/// Receives SAX2 events and builds the element tree.
private final class TreeBuilder {
    struct NameKey: Hashable {
        let local: UnsafeRawPointer
        let uri: UnsafeRawPointer?
        let prefix: UnsafeRawPointer?
    }

    struct Name {
        let key: String
        let local: String
        let uri: String
        let prefix: String?
    }

    let documentURL: String?
    var root: XMLElement?
    var warnings: [String] = []
    private var stack: [XMLElement] = []
    /// Text received since the last start or end tag; it belongs to the innermost open element.
    private var pending: [UInt8] = []
    /// libxml2 interns names in its dictionary, so one parse sees each name at one address.
    private var names: [NameKey: Name] = [:]
    private var strings: [UnsafeRawPointer: String] = [:]

    init(documentURL: String?) {
        self.documentURL = documentURL
    }

    func start(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
               attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let parent = stack.last
        if let parent { flushText(of: parent) }
        let name = self.name(localName, prefix: prefix, uri: uri)
        var list: [XMLAttribute] = []
        var xmlBase: String?
        var xmlLang: String?
        if attributeCount > 0, let attributes {
            list.reserveCapacity(attributeCount)
            for index in 0..<attributeCount {
                let fields = attributes + index * 5
                guard let local = fields[0], let start = fields[3], let end = fields[4] else { continue }
                var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                // Without entity substitution libxml2 keeps an ampersand in a value as "&#38;".
                if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacingOccurrences(of: "&#38;", with: "&") }
                let attributeURI = fields[2].map { interned($0) } ?? ""
                let localText = interned(local)
                if attributeURI == xmlNamespace {
                    if localText == "base" { xmlBase = value } else if localText == "lang" { xmlLang = value }
                }
                list.append(XMLAttribute(localName: localText, namespaceURI: attributeURI, prefix: fields[1].map { interned($0) }, value: value))
            }
        }
        let inheritedBase = parent?.baseURI ?? documentURL
        var base = inheritedBase
        if let xmlBase {
            let trimmed = xmlBase.trimmed
            if URIText.isAbsolute(trimmed) || inheritedBase == nil {
                base = trimmed
            } else if let inherited = inheritedBase.flatMap({ URL(string: $0) }) {
                base = URL(string: trimmed, relativeTo: inherited)?.absoluteString ?? trimmed
            }
        }
        let element = XMLElement(key: name.key, localName: name.local, namespaceURI: name.uri, prefix: name.prefix,
                                 attributes: list, baseURI: base, language: xmlLang ?? parent?.language)
        if let parent {
            // Parts are kept only once an element has children: leaves need just their text.
            if parent.childElements.isEmpty, !parent.ownText.isEmpty { parent.parts.append(.text(parent.ownText)) }
            parent.childElements.append(element)
            parent.parts.append(.element(element))
        } else if root == nil {
            root = element
        }
        stack.append(element)
    }

    func end() {
        guard let element = stack.last else { return }
        flushText(of: element)
        stack.removeLast()
    }

    func characters(_ text: UnsafePointer<xmlChar>, _ length: Int) {
        pending.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
    }

    private func flushText(of element: XMLElement) {
        guard !pending.isEmpty else { return }
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll(keepingCapacity: true)
        if element.hasElementChildren {
            element.parts.append(.text(text))
        } else if element.ownText.isEmpty {
            element.ownText = text
        } else {
            element.ownText += text
        }
    }

    private func name(_ local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?) -> Name {
        let cacheKey = NameKey(local: UnsafeRawPointer(local), uri: uri.map(UnsafeRawPointer.init), prefix: prefix.map(UnsafeRawPointer.init))
        if let cached = names[cacheKey] { return cached }
        let localText = interned(local)
        let uriText = uri.map { interned($0) } ?? ""
        let prefixText = prefix.map { interned($0) }
        var lowered = localText
        if lowered.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { lowered = lowered.lowercased() }
        let short = uriText.isEmpty ? "" : Namespace.prefix(uri: uriText, declared: prefixText)
        let name = Name(key: short.isEmpty ? lowered : short + ":" + lowered, local: localText, uri: uriText, prefix: prefixText)
        names[cacheKey] = name
        return name
    }

    private func interned(_ pointer: UnsafePointer<xmlChar>) -> String {
        let raw = UnsafeRawPointer(pointer)
        if let known = strings[raw] { return known }
        let text = String(cString: pointer)
        strings[raw] = text
        return text
    }
}
