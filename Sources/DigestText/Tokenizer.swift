/// Words for ranking and matching: Unicode letters and digits, lower-cased; apostrophes and
/// hyphens inside a word stay ("don't", "co-operate"), other punctuation separates words.
public enum Tokenizer {
    public static func words(_ text: String) -> [String] {
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
}
