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
        // A possessive needs what it owns ("… slowed, but did not stop, Missouri's").
        if language.hasPrefix("en"), Self.isPossessive(title) { return false }
        if let last = words.last, StopWords.contains(last, language: language) || Self.neverLast.contains(last) { return false }
        // What was said is missing: a verb of saying followed by nothing but where or when
        // ("The Times said in an editorial for Monday, July 3", "Police said on Tuesday").
        if language.hasPrefix("en"), let saying = words.lastIndex(where: { Self.sayingVerbs.contains($0) }), saying + 1 < words.count,
           Self.placeOrTime.contains(words[saying + 1]), !words[(saying + 1)...].contains(where: { Self.clauseWords.contains($0) }) {
            return false
        }
        // The first sentence clipped: the title is the start of the lead, and shorter. The lead
        // is the first paragraph of three words or more (not a leftover code such as "&QL;").
        if let lead = article.paragraphs.first(where: { $0.wordCount >= 3 }) {
            let leadText = Dateline.split(lead).rest
            let leadKey = Boilerplate.key(leadText)
            if leadKey.count > key.count + 10, leadKey.hasPrefix(key) { return false }
            // A lead that only introduces what follows ("The Times said in an editorial for
            // Monday, July 3:") says nothing as a headline.
            if leadText.trimmingCharacters(in: .whitespaces).hasSuffix(":"), leadKey.hasPrefix(key) { return false }
        }
        return true
    }

    /// Words a whole English title does not end on (verbs of saying need their object).
    /// So are abbreviations that stand before a name or a number ("… for Friday, Sept", "… Gov"):
    /// a title ending on one was cut.
    static let neverLast: Set<String> = ["said", "says", "told", "announced", "according", "including", "such", "than", "as",
                                         "jan", "feb", "aug", "sep", "sept", "oct", "nov", "dec",
                                         "mr", "mrs", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "prof"]

    /// Whether the text's last word is a possessive ("Missouri's", "the governors’").
    static func isPossessive(_ text: String) -> Bool {
        text.hasSuffix("'s") || text.hasSuffix("’s") || text.hasSuffix("s'") || text.hasSuffix("s’")
    }

    /// Verbs of saying, for titles that stop before what was said.
    static let sayingVerbs: Set<String> = ["said", "says", "say", "wrote", "writes", "told", "tells", "reported", "reports", "stated", "states", "declared"]
    /// Prepositions that open a phrase of place or time after a verb of saying.
    static let placeOrTime: Set<String> = ["in", "on", "at", "for", "during", "after", "before", "late", "early", "this", "last", "yesterday", "today"]
    /// Words that show a clause after the phrase (what was said does follow).
    static let clauseWords: Set<String> = ["that", "is", "are", "was", "were", "will", "would", "could", "should", "has", "have", "had", "can", "may", "must"]

    /// A headline from a sentence: its first clause, cut at a comma, semicolon, colon or dash
    /// after six words or more; a sentence without one is kept whole up to 24 words, else cut
    /// at `sentenceHeadlineWords` words (with "…").
    static func fromSentence(_ sentence: String, language: String = "en") -> String {
        var words = clean(sentence).split(separator: " ").map(String.init)
        if language == "en" { words = withoutAppositive(mainClause(words)) }
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
        if words.count <= 24 {
            kept = words
        } else if language == "en", let boundary = (8..<kept.count).last(where: { subordinators.contains(kept[$0].lowercased()) }) {
            // Cut where a subordinate clause begins, rather than inside it.
            kept = Array(kept[..<boundary])
        }
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
        "by",
    ]

    /// English words a headline does not end on: what stands there needs the words that were cut.
    static let danglingEnd: Set<String> = [
        "and", "or", "but", "nor", "of", "the", "a", "an", "to", "for", "in", "on", "at", "with", "by", "from", "that",
        "which", "who", "whose", "as", "than", "into", "its", "their", "his", "her", "through", "about", "across", "against",
        "between", "during", "without", "within", "toward", "towards", "upon", "via", "among", "amid", "despite", "including",
        "beyond", "behind", "our", "your", "my", "this", "these", "those",
    ]

    /// Words that open a subordinate clause: a long sentence is cut before one.
    static let subordinators: Set<String> = [
        "that", "which", "who", "whom", "because", "after", "while", "when", "where", "although", "though", "whether",
        "if", "since", "until", "unless",
    ]

    /// Whether `word` opens a fronted phrase: an introducer, or a participle ("Founded here in
    /// 1971 as …, the group …", "Speaking to reporters, the mayor …") that the phrase goes on from.
    static func opensFrontedPhrase(_ word: String) -> Bool {
        let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
        if introducers.contains(bare) { return true }
        return !word.hasSuffix(",") && bare.count >= 6 && (bare.hasSuffix("ed") || bare.hasSuffix("ing")) && bare.allSatisfy(\.isLetter)
    }

    /// `words` from the main clause on: each fronted phrase that opens with an introducer and
    /// ends at a comma within its first 14 words is dropped, while four words or more follow.
    static func mainClause(_ words: [String]) -> [String] {
        var start = 0
        while start < words.count, opensFrontedPhrase(words[start]),
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

    /// `words` without an appositive or a non-restrictive clause after a named subject ("Vernon
    /// Jordan, a close friend of the president, appeared …" → "Vernon Jordan appeared …"): the
    /// subject is one to four capitalised words, the aside opens with an article, a relative
    /// pronoun or a lower-case word and closes at a comma within 14 words, and three words or
    /// more follow. Dropping appositives is one of the trimming rules of Hedge Trimmer (Dorr,
    /// Zajic & Schwartz 2003, "Hedge Trimmer: a parse-and-trim approach to headline generation").
    static func withoutAppositive(_ words: [String]) -> [String] {
        guard let comma = words.prefix(4).firstIndex(where: { $0.hasSuffix(",") }),
              words[...comma].allSatisfy({ $0.first?.isUppercase == true }), comma + 1 < words.count else { return words }
        let opener = words[comma + 1]
        guard ["a", "an", "the", "who", "which", "whose"].contains(opener.lowercased()) || opener.first?.isLowercase == true,
              let close = words[(comma + 1)...].prefix(14).firstIndex(where: { $0.hasSuffix(",") }),
              words.count - (close + 1) >= 3 else { return words }
        var subject = Array(words[...comma])
        subject[comma] = String(subject[comma].dropLast())
        return subject + words[(close + 1)...]
    }

    /// The headline of `words`: in English without a last word that needs the words cut after
    /// it, with "…" when words were cut.
    static func ending(_ words: [String], cut: Bool, language: String) -> String {
        var words = words
        var trimmed = cut
        if language == "en" {
            while words.count > 3, let last = words.last, danglingEnd.contains(last.lowercased()) || isPossessive(last) {
                words.removeLast()
                trimmed = true
            }
        }
        return words.joined(separator: " ") + (trimmed ? "…" : "")
    }
}
