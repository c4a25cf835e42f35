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

    /// A title cleaned for display: markup entities of old wire feeds ("&QL;"), a dateline, and
    /// the bullets and rules that wire and list feeds put around a line ("*NASA to …") off.
    static func clean(_ title: String) -> String {
        // "&QL;" and, where a title was cut inside it, "&QL".
        let words = title.split(separator: " ").filter { word in
            !(word.hasPrefix("&") && word.count <= 8 && word.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0 == ";") })
        }
        return undecorated(Dateline.split(words.joined(separator: " ")).rest)
    }

    /// Characters that decorate a line and say nothing at either end of a headline.
    static let decoration: Set<Character> = ["*", "•", "·", ">", "|", "~", "_"]

    /// `text` without decoration or spaces at its start and end.
    static func undecorated(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, decoration.contains(first) || first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, decoration.contains(last) || last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Whether an article's title is a whole headline of its own.
    func isWhole(_ article: Article) -> Bool {
        let title = Self.clean(article.title)
        let key = Boilerplate.key(title)
        guard !key.isEmpty, !furniture.contains(key), !ReadingRules.isGarbled(title) else { return false }
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
    /// So are abbreviations that stand before a name or a number ("… for Friday, Sept", "… Gov"):
    /// a title ending on one was cut.
    static let neverLast: Set<String> = ["said", "says", "told", "announced", "according", "including", "such", "than", "as",
                                         "jan", "feb", "aug", "sep", "sept", "oct", "nov", "dec",
                                         "mr", "mrs", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "prof"]

    /// A headline from a sentence: its first clause, cut at a comma, semicolon, colon or dash
    /// after six words or more; a sentence without one is kept whole up to 24 words, else cut
    /// at `sentenceHeadlineWords` words (with "…").
    static func fromSentence(_ sentence: String, language: String = "en") -> String {
        var words = clean(sentence).split(separator: " ").map(String.init)
        if language == "en" { words = mainClause(words) }
        var kept: [String] = []
        var cut = false
        for word in words {
            kept.append(word)
            if kept.count >= 6, let last = word.last, ",;:".contains(last) || word == "—" || word == "–" || word == "_" {
                kept[kept.count - 1] = String(word.dropLast(word.count == 1 ? 0 : 1))
                if word.count == 1 { kept.removeLast() }
                return ending(kept, cut: false, language: language)
            }
            if kept.count == sentenceHeadlineWords { break }
        }
        if words.count <= 24 { kept = words }
        cut = kept.count < words.count
        if !cut, var last = kept.popLast() {
            while let mark = last.last, ".!?".contains(mark) { last.removeLast() }
            if !last.isEmpty { kept.append(last) }
        }
        return ending(kept, cut: cut, language: language)
    }

    /// Words that open a fronted phrase before a sentence's main clause ("Today, thanks to …,
    /// the library …", "For example, a voter …", "With the exception of …, there …").
    static let introducers: Set<String> = [
        "with", "for", "today", "yesterday", "thanks", "after", "before", "although", "though", "while", "because", "since",
        "in", "on", "at", "as", "if", "when", "despite", "according", "already", "however", "meanwhile", "also", "but", "and",
        "so", "yet", "still", "instead", "now", "then", "moreover", "furthermore", "besides", "during", "under", "unlike",
        "like", "once", "until", "whether", "even", "overall", "indeed", "nevertheless", "earlier", "later", "last", "next",
    ]

    /// English words a headline does not end on: what stands there needs the words that were cut.
    static let danglingEnd: Set<String> = [
        "and", "or", "but", "nor", "of", "the", "a", "an", "to", "for", "in", "on", "at", "with", "by", "from", "that",
        "which", "who", "whose", "as", "than", "into", "its", "their", "his", "her",
    ]

    /// `words` from the main clause on: each fronted phrase that opens with an introducer and
    /// ends at a comma within its first 14 words is dropped, while four words or more follow.
    static func mainClause(_ words: [String]) -> [String] {
        var start = 0
        while start < words.count, introducers.contains(words[start].lowercased().trimmingCharacters(in: .punctuationCharacters)),
              let end = words[start...].prefix(14).firstIndex(where: { $0.hasSuffix(",") }), words.count - (end + 1) >= 4 {
            start = end + 1
        }
        guard start > 0 else { return words }
        var rest = Array(words[start...])
        // The new first word starts with a capital, unless it is written in mixed case ("iPhone").
        if let first = rest.first?.first, first.isLowercase, !rest[0].dropFirst().contains(where: \.isUppercase) {
            rest[0] = first.uppercased() + rest[0].dropFirst()
        }
        return rest
    }

    /// The headline of `words`: in English without a last word that needs the words cut after
    /// it, with "…" when words were cut.
    static func ending(_ words: [String], cut: Bool, language: String) -> String {
        var words = words
        var trimmed = cut
        if language == "en" {
            while words.count > 3, let last = words.last, danglingEnd.contains(last.lowercased()) {
                words.removeLast()
                trimmed = true
            }
        }
        return words.joined(separator: " ") + (trimmed ? "…" : "")
    }
}
