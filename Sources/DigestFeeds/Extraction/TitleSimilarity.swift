/// How much of one title's wording another repeats (Readability's `_textSimilarity`): the share
/// of `b`'s text made of words that also occur in `a`. 1 means `b` adds nothing.
enum TitleSimilarity {
    static func similarity(_ a: String, _ b: String) -> Double {
        let wordsA = Set(words(a))
        let wordsB = words(b)
        guard !wordsA.isEmpty, !wordsB.isEmpty else { return 0 }
        let unique = wordsB.filter { !wordsA.contains($0) }
        let total = wordsB.joined(separator: " ").count
        return 1 - Double(unique.joined(separator: " ").count) / Double(total)
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }
}
