import CLibXML2

/// Length and comma counts of an element's text, measured on libxml2's bytes without building
/// strings: the extractor asks these questions of thousands of elements per page.
///
/// Lengths are those of the text with white space runs collapsed to one space and trimmed, in
/// UTF-16 units, so the thresholds taken from Readability (25, 80, 500 characters) mean what
/// they mean there.
struct TextMeasure {
    var length = 0
    var commas = 0
    /// Commas of Latin, Arabic, CJK and other scripts.
    var allCommas = 0
    /// Sentence ends: full stops, question and exclamation marks of Latin, CJK, Arabic, Devanagari.
    var stops = 0
    private var pendingSpace = false

    init(_ node: HTMLNode) {
        node.forEachText { add($0) }
    }

    static func length(_ node: HTMLNode) -> Int { TextMeasure(node).length }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    if length > 0 { pendingSpace = true }
                    continue
                }
                if byte == UInt8(ascii: ",") { commas += 1; allCommas += 1 }
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") { stops += 1 }
                addUnits(1)
                continue
            }
            // Decode one scalar.
            var scalar: UInt32
            var width: Int
            if byte & 0xE0 == 0xC0 { scalar = UInt32(byte & 0x1F); width = 2 }
            else if byte & 0xF0 == 0xE0 { scalar = UInt32(byte & 0x0F); width = 3 }
            else if byte & 0xF8 == 0xF0 { scalar = UInt32(byte & 0x07); width = 4 }
            else { index += 1; addUnits(1); continue }
            var offset = 1
            while offset < width, index + offset < count {
                scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
                offset += 1
            }
            index += width
            if Self.isSpace(scalar) {
                if length > 0 { pendingSpace = true }
                continue
            }
            if Self.isComma(scalar) { allCommas += 1 }
            if scalar == 0x3002 || scalar == 0xFF01 || scalar == 0xFF1F || scalar == 0x61F || scalar == 0x6D4 || scalar == 0x964 { stops += 1 }
            addUnits(scalar > 0xFFFF ? 2 : 1)
        }
    }

    private mutating func addUnits(_ units: Int) {
        if pendingSpace { length += 1; pendingSpace = false }
        length += units
    }

    /// The commas that count as prose: a block of names or figures separated by commas and line
    /// breaks ("Saladin Ambar, Rutgers University" a hundred times) is a list, not writing, so
    /// at most three commas count per sentence end.
    var proseCommas: Int { min(allCommas, 3 * (stops + 1)) }

    /// JavaScript's `\s` beyond ASCII.
    static func isSpace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// The commas Readability counts: Arabic, small and fullwidth forms, CJK and reversed ones.
    static func isComma(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2C, 0x60C, 0xFE50, 0xFE10, 0xFE11, 0x2E41, 0x2E34, 0x2E32, 0xFF0C: return true
        default: return false
        }
    }
}
