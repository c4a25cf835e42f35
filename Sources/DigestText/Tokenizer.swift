/// Words for ranking and matching: Unicode letters and digits, lower-cased; apostrophes and
/// hyphens inside a word stay ("don't", "co-operate"), other punctuation separates words, and
/// invisible format characters (soft hyphens, zero-width joiners) are skipped.
public enum Tokenizer {
    public static func words(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var pendingJoiner: Unicode.Scalar?
        func finish() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = String.UnicodeScalarView()
            pendingJoiner = nil
        }
        for scalar in text.unicodeScalars {
            // ASCII, most of most texts, without the Unicode property tables.
            let value = scalar.value
            let isWordScalar: Bool
            if value < 0x80 {
                isWordScalar = (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
            } else {
                let properties = scalar.properties
                // Format characters are invisible: a soft hyphen ("Ver\u{AD}an\u{AD}stal\u{AD}tung",
                // as German pages hyphenate) or a zero-width joiner leaves the word whole. The
                // zero-width space is a break between words (Thai and Khmer write it so).
                if properties.generalCategory == .format, value != 0x200B { continue }
                isWordScalar = properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
            }
            if isWordScalar {
                if let joiner = pendingJoiner { current.append(joiner) }
                pendingJoiner = nil
                current.append(scalar)
            } else if !current.isEmpty, pendingJoiner == nil, "'’-".unicodeScalars.contains(scalar) {
                pendingJoiner = scalar == "’" ? "'" : scalar
            } else {
                finish()
            }
        }
        finish()
        return words
    }

    /// The same rules on ASCII text, lower-casing bytes as it goes (most news text is ASCII).
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var pendingJoiner: UInt8?
        for byte in text.utf8 {
            let isLetter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
            if isLetter || (byte >= 0x30 && byte <= 0x39) {
                if let joiner = pendingJoiner { current.append(joiner) }
                pendingJoiner = nil
                current.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if !current.isEmpty, pendingJoiner == nil, byte == 0x27 || byte == 0x2D {
                pendingJoiner = byte
            } else {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                pendingJoiner = nil
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}
