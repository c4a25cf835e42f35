/// What makes a sentence unfit to stand in a summary on its own, as data.
///
/// An extractive summary takes sentences out of their articles; a reader then meets each one
/// without the sentence before it. Sentences that lean on that missing context read as non
/// sequiturs: an opening pronoun or connective whose antecedent is elsewhere ("They liked
/// him.", "But the police said no."), a quotation without its speaker, a fragment. The classes
/// follow the coherence problems catalogued for extractive summaries by Nenkova & McKeown
/// ("Automatic Summarization", 2011, §5) and the "dangling anaphora" filters of DUC-era
/// systems (e.g. MEAD's and CLASSY's sentence trimming); the word lists were written for this
/// project.
enum ReadingRules {
    /// Fewest words in a sentence that may be chosen: shorter ones are fragments, captions or
    /// asides ("Officials declined to comment.").
    static let minimumWords = 8

    /// Opening words (lower-case) that point back to an earlier sentence, per language.
    static let backReferences: [String: Set<String>] = [
        "en": [
            "he", "she", "it", "it's", "he's", "she's", "they", "they're", "they've", "that's", "them", "his", "her", "its", "their", "theirs", "him", "this", "that", "these", "those",
            "such", "but", "however", "also", "and", "or", "so", "yet", "still", "meanwhile", "moreover", "furthermore",
            "instead", "nevertheless", "nonetheless", "then", "thus", "therefore", "hence", "besides", "likewise", "similarly",
            "otherwise", "accordingly", "consequently", "afterward", "afterwards", "indeed", "anyway", "nor",
        ],
        "de": [
            "er", "sie", "es", "ihr", "ihre", "sein", "seine", "dies", "diese", "dieser", "dieses", "aber", "doch", "jedoch",
            "auch", "und", "oder", "also", "dann", "danach", "deshalb", "daher", "trotzdem", "außerdem", "zudem", "dort",
        ],
        "fr": [
            "il", "elle", "ils", "elles", "son", "sa", "ses", "leur", "leurs", "ce", "cette", "ces", "cela", "mais", "cependant",
            "pourtant", "aussi", "et", "ou", "donc", "puis", "ensuite", "alors", "toutefois", "néanmoins", "là",
        ],
        "es": ["él", "ella", "ellos", "ellas", "su", "sus", "este", "esta", "esto", "estos", "pero", "sin", "también", "y", "o", "entonces", "además"],
        "ru": ["он", "она", "оно", "они", "его", "её", "ее", "их", "это", "этот", "эта", "эти", "но", "однако", "также", "и", "или", "тогда", "затем", "там"],
        "uk": ["він", "вона", "воно", "вони", "його", "її", "їх", "це", "цей", "ця", "ці", "але", "однак", "також", "і", "й", "або", "тоді", "там"],
    ]

    /// Openings of two or three words that point back ("Of those", "The same"), English.
    static let backReferencePairs: Set<String> = [
        "of those", "of these", "the same", "in addition", "on the other", "as a", "at the same", "for his", "for her", "for their",
        "in his", "in her", "in their", "to them", "to him", "to her", "even so", "after that", "before that", "as a result",
        "because of that", "in turn", "by then", "at that", "in that case", "on top of that", "the two",
    ]

    /// Verbs that attribute words to a speaker: "she said" names nobody.
    static let speechVerbs: Set<String> = [
        "said", "says", "added", "adds", "told", "tells", "explained", "noted", "argued", "insisted", "warned", "wrote", "writes",
        "recalled", "continued",
    ]

    /// Whether a sentence quotes or reports a speaker by a pronoun alone ("With the exception of
    /// a family history, she said, …") before naming anyone: who spoke was in a sentence before.
    /// The words are the sentence's, as written (capitals show names). English.
    static func speakerUnnamed(_ text: String, language: String) -> Bool {
        guard language.hasPrefix("en") else { return false }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        for (index, raw) in words.enumerated() where index + 1 < words.count {
            let word = raw.trimmingCharacters(in: .punctuationCharacters)
            if index > 0, let first = word.first, first.isUppercase, !["I", "He", "She", "They"].contains(word) { return false }
            guard ["he", "she", "they"].contains(word.lowercased()), !raw.hasSuffix(",") else { continue }
            let next = words[index + 1].trimmingCharacters(in: .punctuationCharacters).lowercased()
            if speechVerbs.contains(next) { return true }
        }
        return false
    }

    /// Discourse markers that point back from inside a sentence's first clause, per language:
    /// "Prewitt also said, however, that …" leans on what came before as surely as "But" does.
    /// Only the first words count (`innerReach`): further in, "also" and "however" link the
    /// sentence's own parts.
    static let innerBackReferences: [String: Set<String>] = [
        "en": ["also", "however", "meanwhile", "nevertheless", "nonetheless", "therefore", "thus", "likewise", "similarly", "instead"],
        "de": ["jedoch", "allerdings", "zudem", "außerdem", "ebenfalls", "dennoch"],
        "fr": ["cependant", "toutefois", "également", "pourtant", "néanmoins"],
        "es": ["también", "además"],
        "ru": ["также", "однако", "тоже"],
        "uk": ["також", "однак", "теж"],
    ]
    /// Words after the first in which an inner marker points back (subject and verb: "The
    /// company's chief executive also said").
    static let innerReach = 5

    /// Openings that point ahead, to a list or a text that follows ("Here are the main
    /// points", "Following are excerpts from the ruling"): out of their article they announce
    /// something the summary does not hold. English.
    static let forwardReferences: Set<String> = [
        "here are", "here is", "here's", "following are", "following is", "the following", "below are", "below is",
        "listed below", "these are the", "this is the text",
    ]

    /// Words after "this", "that", "these" and "those" that make them name a time, not point
    /// back ("This year", "That morning").
    static let timeNouns: Set<String> = [
        "year", "years", "week", "weeks", "month", "months", "morning", "afternoon", "evening", "night", "weekend", "season",
        "summer", "winter", "spring", "autumn", "fall", "time", "day", "days", "decade", "century", "quarter", "term",
    ]

    /// Whether a sentence carries characters news prose never does: braces, a backslash, or
    /// U+FFFD where a byte was broken. Such a line is a transmission error or code
    /// ("TheP'J{c3H R-Z,Z %-MQ …" in one wire story), not something to quote to a reader.
    static func isGarbled(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "{" || $0 == "}" || $0 == "\\" || $0 == "\u{FFFD}" }
    }

    /// Whether a sentence announces what follows it (see `forwardReferences`), or ends on a
    /// colon that introduces it.
    static func pointsForward(_ text: String, words: [String], language: String) -> Bool {
        if text.trimmingCharacters(in: .whitespaces).hasSuffix(":") { return true }
        guard language.hasPrefix("en"), words.count > 1 else { return false }
        let pair = "\(words[0]) \(words[1])"
        return forwardReferences.contains(pair) || (words.count > 2 && forwardReferences.contains("\(pair) \(words[2])"))
            || (words.count > 3 && forwardReferences.contains("\(pair) \(words[2]) \(words[3])"))
    }

    /// Whether a sentence opens by pointing back to something said before it.
    static func pointsBack(_ words: [String], language: String) -> Bool {
        guard let first = words.first else { return false }
        let list = backReferences[String(language.prefix(2))] ?? backReferences["en"]!
        if list.contains(first) {
            if ["this", "that", "these", "those"].contains(first), words.count > 1, timeNouns.contains(words[1]) { return false }
            return true
        }
        if words.count > 1 {
            let pair = "\(first) \(words[1])"
            if backReferencePairs.contains(pair) { return true }
            if words.count > 2, backReferencePairs.contains("\(pair) \(words[2])") { return true }
        }
        if let inner = innerBackReferences[String(language.prefix(2))] {
            // Not past a word that joins two parts of this sentence ("… and also …").
            for word in words.dropFirst().prefix(innerReach) {
                if ["and", "or", "but", "und", "oder", "et", "ou", "y", "и", "або"].contains(word) { break }
                if inner.contains(word) { return true }
            }
        }
        return false
    }
}

/// The quotation marks of a sentence, and of the paragraph around it.
///
/// Straight double quotes toggle; curly and angle quotes open and close (“…”, «…», and the
/// German and Polish „…“ where “ closes). A news paragraph that quotes several sentences opens
/// the quote in the first and closes it in the last, so a sentence cut from its middle is a
/// piece of someone's words without its speaker.
struct QuoteScan {
    /// Whether a quotation is open where the sentence starts (opened by an earlier sentence).
    var startsInside = false
    /// Whether the sentence's own marks pair up.
    var balanced = true
    /// Whether the sentence is nothing but quotation (no word outside the marks): words
    /// without the one who said them.
    var wholly = false

    /// Scans the sentences of one paragraph in order.
    static func paragraph(_ sentences: [String]) -> [QuoteScan] {
        let lowOpening = sentences.contains { $0.contains("„") }
        var inside = false
        return sentences.map { sentence in
            var scan = QuoteScan(startsInside: inside)
            var depth = 0
            var straight = 0
            var outsideLetters = 0
            var opensFirst = false
            var seenLetter = false
            for character in sentence {
                switch character {
                case "\"":
                    straight += 1
                    if !seenLetter && straight == 1 { opensFirst = true }
                    inside.toggle()
                case "“" where !lowOpening, "„", "«":
                    depth += 1
                    if !seenLetter { opensFirst = true }
                    inside = true
                case "”", "»", "“":
                    depth -= 1
                    inside = false
                default:
                    if character.isLetter {
                        if !inside { outsideLetters += 1 }
                        seenLetter = true
                    }
                }
            }
            scan.balanced = straight % 2 == 0 && depth == 0
            scan.wholly = opensFirst && outsideLetters == 0
            return scan
        }
    }
}
