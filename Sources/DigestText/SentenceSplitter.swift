/// Cuts plain text into sentences.
///
/// A deliberately simple splitter for the walking skeleton: a sentence ends at `.`, `!`, `?` or `…`
/// (with any closing quotes or brackets) followed by white space and an upper-case letter, a digit
/// or an opening quote, unless the word before the full stop is a known abbreviation or an
/// initial. The article-text issue replaces it with a rule-table splitter (datelines, decimals,
/// glued sentences, non-Latin scripts).
public struct SentenceSplitter: Sendable {
    /// Lower-cased abbreviations, without their full stop, after which a full stop does not end a sentence.
    public var abbreviations: Set<String>

    /// Creates a splitter with the default English abbreviations.
    public init(abbreviations: Set<String> = SentenceSplitter.englishAbbreviations) {
        self.abbreviations = abbreviations
    }

    /// Titles, ranks and short forms common in English news copy.
    public static let englishAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
        "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "cllr",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "no", "nos", "vs", "etc", "approx", "dept", "est", "fig", "inc", "ltd", "co", "corp", "e.g", "i.e", "u.s", "u.k",
        "a.m", "p.m",
    ]

    /// The sentences of `text`, trimmed, in order.
    public func split(_ text: String) -> [String] {
        let characters = Array(text)
        var sentences: [String] = []
        var start = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "." || character == "!" || character == "?" || character == "…" else {
                index += 1
                continue
            }
            var end = index + 1
            // A run of terminal marks and closing quotes or brackets stays with the sentence.
            while end < characters.count, ".!?…\"'”’)]".contains(characters[end]) { end += 1 }
            guard end < characters.count, characters[end].isWhitespace else {
                index = end
                continue
            }
            var next = end
            while next < characters.count, characters[next].isWhitespace { next += 1 }
            let opensSentence = next >= characters.count || startsSentence(characters[next])
            if opensSentence, !(character == "." && isAbbreviation(characters, before: index)) {
                appendSentence(characters[start..<end], to: &sentences)
                start = next
            }
            index = next
        }
        if start < characters.count { appendSentence(characters[start...], to: &sentences) }
        return sentences
    }

    private func startsSentence(_ character: Character) -> Bool {
        character.isUppercase || character.isNumber || "\"'“‘([".contains(character)
    }

    /// Whether the word that ends at `period` is an abbreviation or a single-letter initial.
    private func isAbbreviation(_ characters: [Character], before period: Int) -> Bool {
        var wordStart = period
        while wordStart > 0, !characters[wordStart - 1].isWhitespace, !"(\"“‘[".contains(characters[wordStart - 1]) {
            wordStart -= 1
        }
        let word = String(characters[wordStart..<period]).lowercased()
        if word.count == 1, word.first?.isLetter == true { return true }
        return abbreviations.contains(word)
    }

    private func appendSentence(_ slice: ArraySlice<Character>, to sentences: inout [String]) {
        let sentence = String(slice).trimmingWhitespace()
        if !sentence.isEmpty { sentences.append(sentence) }
    }
}
