import DigestModel
import DigestText

/// A story's headline: a real title of one of its articles, or else its lead sentence cut short.
///
/// A title qualifies when it is whole and belongs to the article: not a line the outlet puts on
/// many articles ("Last news in …", a section name), not cut off ("… said on", "Police say the"),
/// not the article's first sentence clipped to a few words (what teaser feeds often send as a
/// title). Among qualifying titles the most central one wins (the one most like the others:
/// the outlets' consensus wording). With none, the summary's first sentence is shortened at a
/// clause boundary.
struct HeadlineChooser {
    /// Titles (keys of `Boilerplate.key`) that an outlet used on more than one article.
    var furniture: Set<String> = []
    let language: String

    /// Most words of a headline made from a sentence.
    static let sentenceHeadlineWords = 16

    /// Which article's title to use (an index into `articles`), or nil when none qualifies.
    func titleIndex(_ articles: [Article]) -> Int? {
        var whole = articles.indices.filter { isWhole(articles[$0]) }
        // A news title before a columnist's, when there is one.
        if whole.contains(where: { !articles[$0].isOpinion }) { whole.removeAll { articles[$0].isOpinion } }
        guard !whole.isEmpty else { return nil }
        guard whole.count > 2 else { return whole[0] }
        return Self.mostCentral(whole.map { articles[$0].title }, eligible: Array(whole.indices), language: language).map { whole[$0] }
    }

    /// Of `titles`, the eligible one most like all the others (the sum of its TF-IDF cosines,
    /// document frequencies over `titles`); ties go to the earlier one. Nil when none is eligible.
    static func mostCentral(_ titles: [String], eligible: [Int], language: String) -> Int? {
        var vectorizer = TermVectorizer(language: language)
        for title in titles { vectorizer.add(title) }
        let vectors = titles.map { vectorizer.vector($0) }
        var best: Int?
        var bestScore = -1.0
        for index in eligible {
            let score = vectors.enumerated().reduce(0.0) { $0 + ($1.offset == index ? 0 : vectors[index].cosine($1.element)) }
            if score > bestScore + 1e-12 {
                best = index
                bestScore = score
            }
        }
        return best
    }

    /// A title cleaned for display: markup entities of old wire feeds ("&QL;") and a dateline off.
    static func clean(_ title: String) -> String {
        let words = title.split(separator: " ").filter { !($0.hasPrefix("&") && $0.hasSuffix(";") && $0.count <= 8) }
        return Dateline.split(words.joined(separator: " ")).rest
    }

    /// Whether an article's title is a whole headline of its own.
    func isWhole(_ article: Article) -> Bool {
        let title = Self.clean(article.title)
        let key = Boilerplate.key(title)
        guard !key.isEmpty, !furniture.contains(key) else { return false }
        let words = Tokenizer.words(title)
        guard words.count >= 2 else { return false }
        // Cut off: an ellipsis, a dangling comma or colon, or a last word that needs another.
        if title.hasSuffix("…") || title.hasSuffix("...") || title.hasSuffix(",") || title.hasSuffix(":") || title.hasSuffix("-") { return false }
        if let last = words.last, StopWords.contains(last, language: language) || Self.neverLast.contains(last) { return false }
        // The first sentence clipped: the title is the start of the lead, and shorter.
        if let lead = article.paragraphs.first {
            let leadKey = Boilerplate.key(Dateline.split(lead).rest)
            if leadKey.count > key.count + 10, leadKey.hasPrefix(key) { return false }
        }
        return true
    }

    /// Words a whole English title does not end on (verbs of saying need their object).
    static let neverLast: Set<String> = ["said", "says", "told", "announced", "according", "including", "such", "than", "as"]

    /// A headline from a sentence: its first clause, cut at a comma, semicolon, colon or dash
    /// after six words or more; a sentence without one is kept whole up to 24 words, else cut
    /// at `sentenceHeadlineWords` words (with "…").
    static func fromSentence(_ sentence: String) -> String {
        let words = sentence.split(separator: " ").map(String.init)
        var kept: [String] = []
        for word in words {
            kept.append(word)
            if kept.count >= 6, let last = word.last, ",;:".contains(last) || word == "—" || word == "–" || word == "_" {
                kept[kept.count - 1] = String(word.dropLast(word.count == 1 ? 0 : 1))
                if word.count == 1 { kept.removeLast() }
                return kept.joined(separator: " ")
            }
            if kept.count == sentenceHeadlineWords { break }
        }
        if words.count <= 24 { kept = words }
        var text = kept.joined(separator: " ")
        if kept.count < words.count {
            text += "…"
        } else {
            while let last = text.last, ".!?".contains(last) { text.removeLast() }
        }
        return text
    }
}
