import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// Rewrites what feeds do with entities so that libxml2 reads it safely and as feed readers do.
///
/// - The DOCTYPE is removed, so libxml2 never sees a DTD: nothing external is loaded, ever.
///   Internal entities the DOCTYPE declared with literal values are expanded here, within a
///   budget, so a "billion laughs" document costs bounded time and memory; external ones
///   (`SYSTEM "file:///etc/passwd"`) are never read and stay as literal text.
/// - HTML entities that XML does not define (`&nbsp;`, `&eacute;`, common in feeds) become
///   numeric references, from libxml2's own HTML 4 entity table.
/// - An `&` that starts no entity at all ("AT&T;") is escaped, so the text survives.
/// CDATA sections, comments and processing instructions are copied untouched.
enum EntityRepair {
    /// The most bytes one declared entity may expand to.
    static let entityBudget = 64 * 1024
    /// The most bytes all expansions together may add to a document.
    static let documentBudget = 4 * 1024 * 1024

    struct Result {
        var bytes: [UInt8]
        var warnings: [String]
    }

    /// The repaired bytes, or nil when nothing needed repair (the common case, at the cost of one scan).
    static func repair(_ bytes: [UInt8]) -> Result? {
        guard needsRepair(bytes) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        var warnings: [String] = []
        var entities: [String: [UInt8]] = [:]
        var added = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if let end = skipSpecial(bytes, from: index) {
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                    continue
                }
                if startsWith(bytes, index, "<!DOCTYPE") {
                    let end = doctypeEnd(bytes, from: index)
                    entities = declaredEntities(bytes[index..<end], warnings: &warnings)
                    // Keep the line count so libxml2's line numbers still match the file.
                    output.append(contentsOf: bytes[index..<end].filter { $0 == 0x0A })
                    index = end
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "&") {
                let (replacement, length) = entity(bytes, at: index, declared: entities, added: &added, warnings: &warnings)
                output.append(contentsOf: replacement)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        return Result(bytes: output, warnings: warnings)
    }

    /// Whether the document has a DOCTYPE or an entity reference that needs rewriting.
    private static func needsRepair(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            var index = 0
            // A DOCTYPE can only come before the root element, so the prolog is enough to search.
            while index < buffer.count, let found = memchr(base + index, Int32(UInt8(ascii: "<")), buffer.count - index) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard position + 1 < buffer.count else { break }
                let next = buffer[position + 1]
                if next == UInt8(ascii: "!"), position + 2 < buffer.count, buffer[position + 2] == UInt8(ascii: "D") { return true }
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { break }
                index = position + 1
            }
            index = 0
            var cdata: [Range<Int>]?
            while index < buffer.count,
                  let found = memchr(base + index, Int32(UInt8(ascii: "&")), buffer.count - index) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if !isPlainReference(buffer, at: position) {
                    // An ampersand inside a CDATA section is text, not a reference.
                    let sections = cdata ?? cdataSections(buffer)
                    cdata = sections
                    if !sections.contains(where: { $0.contains(position) }) { return true }
                }
                index = position + 1
            }
            return false
        }
    }

    /// The byte ranges of the document's CDATA sections.
    private static func cdataSections(_ buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let base = buffer.baseAddress else { return [] }
        let open = Array("<![CDATA[".utf8)
        var sections: [Range<Int>] = []
        var index = 0
        while index < buffer.count, let found = memchr(base + index, Int32(UInt8(ascii: "<")), buffer.count - index) {
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if position + open.count <= buffer.count, buffer[position + 1] == UInt8(ascii: "!"),
               buffer[position..<(position + open.count)].elementsEqual(open) {
                var end = position + open.count
                while end + 2 < buffer.count, !(buffer[end] == UInt8(ascii: "]") && buffer[end + 1] == UInt8(ascii: "]") && buffer[end + 2] == UInt8(ascii: ">")) {
                    end += 1
                }
                sections.append(position..<(end + 3))
                index = end + 3
            } else {
                index = position + 1
            }
        }
        return sections
    }

    /// Whether the `&` at `index` starts a reference XML reads as is: one of the five predefined
    /// entities, or a decimal or lower-case hex reference outside the C1 range.
    private static func isPlainReference(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var end = index + 1
        let limit = min(buffer.count, index + 12)
        while end < limit, buffer[end] != UInt8(ascii: ";") { end += 1 }
        guard end < limit else { return false }
        let length = end - index - 1
        let first = buffer[index + 1]
        if first == UInt8(ascii: "#") {
            guard length >= 2 else { return false }
            var value: UInt32 = 0
            if buffer[index + 2] == UInt8(ascii: "x") {
                for position in (index + 3)..<end {
                    guard let digit = hexValue(buffer[position]) else { return false }
                    value = value &* 16 &+ digit
                }
            } else {
                for position in (index + 2)..<end {
                    let byte = buffer[position]
                    guard byte >= 0x30, byte <= 0x39 else { return false }
                    value = value &* 10 &+ UInt32(byte - 0x30)
                }
            }
            return !(0x80...0x9F).contains(value)
        }
        func matches(_ name: StaticString) -> Bool {
            guard name.utf8CodeUnitCount == length else { return false }
            let pointer = name.utf8Start
            for offset in 0..<length where buffer[index + 1 + offset] != pointer[offset] { return false }
            return true
        }
        return matches("amp") || matches("lt") || matches("gt") || matches("quot") || matches("apos")
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// The name between `&` and `;` (`#x41` for a numeric reference), or nil when none is there.
    private static func entityName(_ bytes: [UInt8], at index: Int) -> String? {
        var end = index + 1
        while end < bytes.count, end - index < 40 {
            let byte = bytes[end]
            if byte == UInt8(ascii: ";") {
                return end > index + 1 ? String(decoding: bytes[(index + 1)..<end], as: UTF8.self) : nil
            }
            let isNameByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte >= 0x80
            guard isNameByte else { return nil }
            end += 1
        }
        return nil
    }

    private static func entity(_ bytes: [UInt8], at index: Int, declared: [String: [UInt8]], added: inout Int,
                               warnings: inout [String]) -> ([UInt8], Int) {
        guard let name = entityName(bytes, at: index) else { return (Array("&amp;".utf8), 1) }
        let length = name.utf8.count + 2
        if name.hasPrefix("#"), let replacement = numericReplacement(name) { return (Array(replacement.utf8), length) }
        if predefined.contains(name) || name.hasPrefix("#") { return (Array(bytes[index..<(index + length)]), length) }
        if let value = declared[name] {
            if added + value.count <= documentBudget {
                added += value.count
                return (value, length)
            }
            warnings.append("entity &\(name); not expanded: the document's expansion budget is spent")
            return (Array("&amp;\(name);".utf8), length)
        }
        if let html = htmlEntityLookup(name) {
            return (Array("&#\(html.pointee.value);".utf8), length)
        }
        return (Array("&amp;\(name);".utf8), length)
    }

    /// A numeric reference feeds get wrong, rewritten: `&#X41;` (XML wants a lower-case x), and
    /// references to C1 controls (`&#146;`) that mean the Windows-1252 character of that byte.
    static func numericReplacement(_ name: String) -> String? {
        let digits = name.dropFirst()
        let hex = digits.first == "x" || digits.first == "X"
        guard let value = hex ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10) else { return nil }
        if (0x80...0x9F).contains(value) { return "&#\(Charset.windows1252High[Int(value - 0x80)]);" }
        if digits.first == "X" { return "&#x\(digits.dropFirst());" }
        return nil
    }

    // MARK: Markup that is copied untouched

    /// The end of a CDATA section, comment or processing instruction starting at `index`.
    private static func skipSpecial(_ bytes: [UInt8], from index: Int) -> Int? {
        let terminator: String
        if startsWith(bytes, index, "<![CDATA[") { terminator = "]]>" }
        else if startsWith(bytes, index, "<!--") { terminator = "-->" }
        else if startsWith(bytes, index, "<?") { terminator = "?>" }
        else { return nil }
        return find(bytes, terminator, from: index + 2).map { $0 + terminator.utf8.count } ?? bytes.count
    }

    /// The end of a DOCTYPE declaration, past its internal subset, quotes and comments.
    private static func doctypeEnd(_ bytes: [UInt8], from index: Int) -> Int {
        var depth = 0
        var quote: UInt8?
        var position = index + 9
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if startsWith(bytes, position, "<!--") {
                position = (find(bytes, "-->", from: position + 4) ?? bytes.count - 3) + 3
                continue
            } else if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            } else if byte == UInt8(ascii: ">"), depth == 0 {
                return position + 1
            }
            position += 1
        }
        return bytes.count
    }

    // MARK: Declared entities

    /// Internal general entities with their expanded values, each within `entityBudget`.
    /// Parameter entities and external entities are skipped.
    private static func declaredEntities(_ doctype: ArraySlice<UInt8>, warnings: inout [String]) -> [String: [UInt8]] {
        let text = String(decoding: doctype, as: UTF8.self)
        var raw: [String: String] = [:]
        var order: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "<!ENTITY") {
            rest = rest[start.upperBound...]
            let declaration = rest.prefix { $0 != ">" }
            let parts = declaration.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            guard let name = parts.first, name != "%", parts.count >= 2 else { continue }
            let body = declaration.drop { $0 != "\"" && $0 != "'" }
            let afterName = declaration.drop { $0 == " " || $0 == "\t" || $0 == "\n" }.dropFirst(name.count)
                .drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            // `SYSTEM` and `PUBLIC` entities point outside the document: never read.
            if afterName.hasPrefix("SYSTEM") || afterName.hasPrefix("PUBLIC") {
                warnings.append("external entity &\(name); ignored")
                continue
            }
            guard let quote = body.first else { continue }
            let value = body.dropFirst().prefix { $0 != quote }
            raw[String(name)] = String(value)
            order.append(String(name))
        }
        var expanded: [String: [UInt8]] = [:]
        var refused: Set<String> = []
        func expand(_ name: String, depth: Int) -> [UInt8]? {
            if let done = expanded[name] { return done }
            guard !refused.contains(name), depth < 16, let value = raw[name] else { return nil }
            var output: [UInt8] = []
            let bytes = Array(value.utf8)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "&"), let inner = entityName(bytes, at: index), raw[inner] != nil {
                    guard let part = expand(inner, depth: depth + 1) else { refused.insert(name); return nil }
                    output.append(contentsOf: part)
                    index += inner.utf8.count + 2
                } else {
                    output.append(bytes[index])
                    index += 1
                }
                if output.count > entityBudget {
                    refused.insert(name)
                    return nil
                }
            }
            expanded[name] = output
            return output
        }
        for name in order where expand(name, depth: 0) == nil {
            warnings.append("entity &\(name); not expanded: it would grow past \(entityBudget / 1024) KB")
        }
        return expanded
    }

    // MARK: Byte helpers

    private static func startsWith(_ bytes: [UInt8], _ index: Int, _ prefix: String) -> Bool {
        var position = index
        for byte in prefix.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private static func find(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], startsWith(bytes, index, needle) { return index }
            index += 1
        }
        return nil
    }
}
