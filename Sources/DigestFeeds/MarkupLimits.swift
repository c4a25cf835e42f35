import Foundation

/// Limits applied to markup before libxml2 sees it, where libxml2's own cost is not linear.
///
/// libxml2 appends each attribute to the end of its element's list and checks it against the
/// ones before (`xmlNewNsPropEatName`, `xmlParseStartTag2`): an element with 40,000 attributes
/// costs billions of steps. No real page or feed has more than a few dozen on one element, so
/// any start tag's attributes past `maxAttributes` are dropped here, in one linear byte scan.
enum MarkupLimits {
    /// The attributes kept on one element.
    static let maxAttributes = 256
    /// A tag shorter than this cannot hold more than `maxAttributes` attributes (each takes at
    /// least two bytes), so it is not read at all.
    static let quickSpan = 2 * maxAttributes

    /// `input` with every start tag cut to its first `maxAttributes` attributes; the same
    /// array when no tag needed it.
    static func limitAttributes(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { bytes -> [UInt8]? in
            let count = bytes.count
            var output: [UInt8]?
            var copied = 0
            var index = 0
            // The next `>` at or after `index`: remembered, so a run of `<` without one costs one scan.
            var nextClose = -1
            while let open = HTMLPreclean.find(UInt8(ascii: "<"), in: bytes, from: index) {
                if nextClose < open { nextClose = HTMLPreclean.find(UInt8(ascii: ">"), in: bytes, from: open) ?? count }
                guard nextClose - open >= quickSpan, open + 1 < count, isNameStart(bytes[open + 1]) else {
                    index = open + 1
                    continue
                }
                let (cut, end) = scanTag(bytes, at: open)
                if let cut {
                    if output == nil { output = []; output!.reserveCapacity(count) }
                    output!.append(contentsOf: bytes[copied..<cut])
                    copied = end
                }
                index = max(open + 1, end)
                if nextClose < index { nextClose = -1 }
            }
            guard var result = output else { return nil }
            result.append(contentsOf: bytes[copied..<count])
            return result
        } ?? input
    }

    /// Reads the start tag at `open`: where to cut it (after its last kept attribute, nil when
    /// it has few enough) and where its `>` (or `/>`) is, or the end of the input.
    private static func scanTag(_ bytes: UnsafeBufferPointer<UInt8>, at open: Int) -> (cut: Int?, end: Int) {
        let count = bytes.count
        var index = open + 1
        while index < count, !isSpace(bytes[index]), bytes[index] != 0x3E, bytes[index] != 0x2F { index += 1 }
        var attributes = 0
        var cut: Int?
        while index < count {
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count else { break }
            let byte = bytes[index]
            if byte == 0x3E { return (cut, index) }
            if byte == 0x2F {
                if index + 1 < count, bytes[index + 1] == 0x3E { return (cut, index) }
                index += 1
                continue
            }
            // An attribute name, then an optional `= value`.
            while index < count, !isSpace(bytes[index]), bytes[index] != 0x3D, bytes[index] != 0x3E, bytes[index] != 0x2F { index += 1 }
            var look = index
            while look < count, isSpace(bytes[look]) { look += 1 }
            if look < count, bytes[look] == 0x3D {
                index = look + 1
                while index < count, isSpace(bytes[index]) { index += 1 }
                if index < count, bytes[index] == 0x22 || bytes[index] == 0x27 {
                    index = (HTMLPreclean.find(bytes[index], in: bytes, from: index + 1) ?? (count - 1)) + 1
                } else {
                    while index < count, !isSpace(bytes[index]), bytes[index] != 0x3E { index += 1 }
                }
            }
            attributes += 1
            if attributes == maxAttributes { cut = index }
        }
        return (cut, count)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == 0x5F || byte >= 0x80
    }
}
