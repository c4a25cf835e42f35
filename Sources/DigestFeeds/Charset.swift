import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decides how a feed's bytes are decoded, and converts the cases libxml2 gets wrong.
///
/// The order follows RFC 7303 and what browsers do: a byte-order mark wins; then the HTTP
/// charset, then the XML declaration. A declared single-byte Western charset (ISO-8859-1,
/// US-ASCII) is read as Windows-1252, as browsers do (the WHATWG Encoding Standard maps those
/// labels to windows-1252), so "smart quotes" survive. Bytes that are valid UTF-8 are read as
/// UTF-8 whatever a declaration claims, because a wrong declaration is far more common than
/// text in another charset that happens to be valid UTF-8; and a document declared UTF-8
/// that is not falls back to Windows-1252 (feedparser does the same).
enum Charset {
    /// The bytes, converted to UTF-8 where we do it ourselves, and the encoding to tell libxml2.
    struct Decision: Equatable {
        var bytes: [UInt8]
        /// The name passed to libxml2 as the document's encoding (it overrides the declaration).
        var encoding: String
        /// What was wrong, if anything ("declared ISO-8859-2 but the bytes are UTF-8").
        var note: String?
    }

    static func decide(_ data: Data, httpCharset: String?) -> Decision {
        var bytes = [UInt8](data)
        if let (bom, length) = byteOrderMark(bytes) {
            bytes.removeFirst(length)
            switch bom {
            case "UTF-8": return decideUTF8(bytes, declared: "UTF-8")
            case "UTF-16LE", "UTF-16BE":
                let text = decodeUTF16(bytes, bigEndian: bom == "UTF-16BE")
                return Decision(bytes: Array(text.utf8), encoding: "UTF-8")
            default:
                return convert(bytes, from: bom)
            }
        }
        if let utf16 = utf16WithoutBOM(bytes) {
            return Decision(bytes: Array(decodeUTF16(bytes, bigEndian: utf16 == "UTF-16BE").utf8), encoding: "UTF-8")
        }
        let declared = (httpCharset ?? xmlDeclarationEncoding(bytes))?.uppercased()
        return decideUTF8(bytes, declared: declared)
    }

    /// Labels that mean "Windows-1252" in practice.
    static let westernLabels: Set<String> = [
        "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1", "L1", "US-ASCII", "ASCII", "WINDOWS-1252", "CP1252", "X-CP1252",
    ]

    private static func decideUTF8(_ bytes: [UInt8], declared: String?) -> Decision {
        let validity = utf8Validity(bytes)
        switch declared {
        case nil, "UTF-8", "UTF8":
            if validity != .invalid { return Decision(bytes: demoronized(bytes), encoding: "UTF-8") }
            return Decision(bytes: windows1252ToUTF8(bytes), encoding: "UTF-8", note: "declared UTF-8 but the bytes are not; read as Windows-1252")
        case let label?:
            if validity == .validWithNonASCII {
                return Decision(bytes: demoronized(bytes), encoding: "UTF-8", note: "declared \(label) but the bytes are UTF-8; read as UTF-8")
            }
            if westernLabels.contains(label) { return Decision(bytes: windows1252ToUTF8(bytes), encoding: "UTF-8") }
            if label.hasPrefix("UTF-16") || label.hasPrefix("UTF-32") || label == "UTF-16" {
                // A 16-bit declaration on bytes with no BOM and an ASCII start is a wrong label.
                return Decision(bytes: windows1252ToUTF8(bytes), encoding: "UTF-8", note: "declared \(label) but the bytes are 8-bit")
            }
            // Every other charset (KOI8-R, windows-1251, the ISO-8859 family, Shift_JIS…) is
            // converted here, so that a bad byte costs one replacement character: libxml2's
            // own conversion stops at the first one, drops the rest of the document and
            // prints to stderr.
            return convert(bytes, from: label)
        }
    }

    /// `bytes` in `label` converted to UTF-8 with iconv, each byte it cannot read replaced by
    /// U+FFFD; handed to libxml2 as they are when iconv does not know the label.
    static func convert(_ bytes: [UInt8], from label: String) -> Decision {
        let converter = iconv_open("UTF-8", label)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return Decision(bytes: bytes, encoding: label) }
        defer { iconv_close(converter) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var replaced = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        input.withUnsafeMutableBufferPointer { source in
            var inPointer = UnsafeMutableRawPointer(source.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = source.count
            while inLeft > 0 {
                let (status, failure, produced): (Int, Int32, Int) = chunk.withUnsafeMutableBufferPointer { target in
                    var outPointer = UnsafeMutableRawPointer(target.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    var outLeft = target.count
                    let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (status, status == -1 ? errno : 0, target.count - outLeft)
                }
                output.append(contentsOf: chunk[0..<produced])
                guard status == -1 else { break }
                if failure == E2BIG { continue }
                // EILSEQ (a byte the charset does not have) or EINVAL (a sequence cut at the end).
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced += 1
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
            }
        }
        let note = replaced > 0 ? "\(replaced) byte\(replaced == 1 ? "" : "s") not valid in \(label.prefix(40)) replaced" : nil
        return Decision(bytes: output, encoding: "UTF-8", note: note)
    }

    // MARK: Detection

    private static func byteOrderMark(_ bytes: [UInt8]) -> (String, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("UTF-32BE", 4) }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("UTF-32LE", 4) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        return nil
    }

    /// `<?` written in UTF-16 without a BOM.
    private static func utf16WithoutBOM(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return "UTF-16BE" }
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return "UTF-16LE" }
        return nil
    }

    /// The `encoding` of an `<?xml …?>` declaration at the start of the bytes.
    static func xmlDeclarationEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let end = bytes.prefix(512).firstIndex(of: UInt8(ascii: ">")) ?? min(bytes.count, 512)
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    enum UTF8Validity { case ascii, validWithNonASCII, invalid }

    /// Whether the bytes are ASCII, other valid UTF-8, or not UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing past U+10FFFF). ASCII is skipped eight bytes at a time.
    static func utf8Validity(_ bytes: [UInt8]) -> UTF8Validity {
        bytes.withUnsafeBufferPointer { buffer -> UTF8Validity in
            guard let base = buffer.baseAddress else { return .ascii }
            let count = buffer.count
            var index = 0
            var sawNonASCII = false
            while index < count {
                if index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
                let lead = buffer[index]
                if lead < 0x80 { index += 1; continue }
                sawNonASCII = true
                let length: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return .invalid
                }
                guard index + length <= count else { return .invalid }
                let second = buffer[index + 1]
                guard second >= lower, second <= upper else { return .invalid }
                for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 { return .invalid }
                index += length
            }
            return sawNonASCII ? .validWithNonASCII : .ascii
        }
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let pair = bigEndian ? (UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])) : (UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index]))
            units.append(pair)
            index += 2
        }
        var text = String(decoding: units, as: UTF16.self)
        // The declaration still says UTF-16; libxml2 is told UTF-8, so drop the claim.
        if text.hasPrefix("<?xml"), let end = text.firstIndex(of: ">") {
            text.replaceSubrange(...end, with: "<?xml version=\"1.0\"?>")
        }
        return text
    }

    // MARK: Windows-1252

    /// Code points of bytes 0x80–0x9F in Windows-1252; the five undefined bytes keep their C1 value.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                let scalar = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
                appendUTF8(Unicode.Scalar(scalar)!, to: &output)
            }
        }
        return output
    }

    /// UTF-8 text that carries C1 controls (U+0080–U+009F) where Windows-1252 punctuation was
    /// meant ("don\u{92}t"): they are mapped to that punctuation. No feed means a C1 control.
    static func demoronized(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = firstC1(bytes) else { return bytes }
        var output = Array(bytes[..<first])
        output.reserveCapacity(bytes.count + 16)
        var index = first
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                let scalar = windows1252High[Int(bytes[index + 1] - 0x80)]
                appendUTF8(Unicode.Scalar(scalar)!, to: &output)
                index += 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// The index of the first UTF-8 encoded C1 control (C2 80 – C2 9F), found with `memchr`.
    private static func firstC1(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var index = 0
            while index < buffer.count, let found = memchr(base + index, 0xC2, buffer.count - index) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if position + 1 < buffer.count, (0x80...0x9F).contains(buffer[position + 1]) { return position }
                index = position + 1
            }
            return nil
        }
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }
}
