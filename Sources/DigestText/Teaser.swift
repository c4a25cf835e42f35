/// Whether a feed entry's text is only a teaser for the article behind its link.
///
/// A teaser is short (under `shortWords` words: most outlets' excerpts are 30–55 words, a
/// full article hundreds), or ends with an ellipsis, "[…]" or a "read more" link text. The
/// phrases are data, in the languages the stop-word lists cover.
public enum Teaser {
    /// Fewer words than this and the entry is a teaser.
    public static let shortWords = 60

    /// Link texts that end a teaser, lower-cased, without trailing punctuation.
    public static let readMore: [String] = [
        "read more", "read the full story", "read the full article", "continue reading", "full story", "(more…)", "(more...)",
        "weiterlesen", "mehr lesen", "lire la suite", "en savoir plus", "leer más", "seguir leyendo", "читать далее",
        "подробнее", "читати далі", "детальніше",
    ]

    /// Whether `paragraphs` (an entry's plain text) look like a teaser.
    public static func isTeaser(_ paragraphs: [String]) -> Bool {
        let words = paragraphs.reduce(0) { $0 + $1.wordCount }
        if words < shortWords { return true }
        guard var last = paragraphs.last?.lowercased() else { return true }
        while let character = last.last, character == " " || character == "»" || character == "›" || character == ">" || character == "→" {
            last.removeLast()
        }
        if last.hasSuffix("…") || last.hasSuffix("...") || last.hasSuffix("[…]") || last.hasSuffix("[...]") { return true }
        return readMore.contains { last.hasSuffix($0) }
    }
}
