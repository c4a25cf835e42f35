/// Cuts plain text into sentences.
///
/// Token by token: a sentence ends at `.`, `!`, `?` or a four-dot ellipsis (with any closing
/// quotes and brackets) when the next word starts one, unless the word before the full stop is
/// an abbreviation that never ends a sentence ("Mr.", "Mt.", "p."), an initial ("Jonas E.
/// Smith"), or an abbreviation that may end one ("U.S.", "Co.", "a.m.") followed by a word that
/// rarely starts a sentence ("U.S. Government"). Three dots mark an omission, not an end. A
/// text that opens with a list marker ("1.", "2)", "a.", "•") is cut before each later marker
/// of the same kind. Rules and word lists follow the "Golden Rules" of sentence boundary
/// detection (pragmatic_segmenter and pySBD); the lists are data in `SentenceRules`.
public struct SentenceSplitter: Sendable {
    /// Lower-cased abbreviations, without their last full stop, that never end a sentence.
    public var abbreviations: Set<String>

    /// English abbreviations that never end a sentence.
    public static let englishAbbreviations: Set<String> = SentenceRules.prefixes

    /// Creates a splitter with the default English rules.
    public init(abbreviations: Set<String> = SentenceSplitter.englishAbbreviations) {
        self.abbreviations = abbreviations
    }

    /// A splitter with the abbreviations of a language (ISO 639-1); English's for languages
    /// without a list of their own.
    public init(language: String) {
        self.abbreviations = SentenceRules.abbreviations[String(language.lowercased().prefix(2))] ?? SentenceRules.prefixes
    }

    /// The sentences of `text`, trimmed, in order.
    public func split(_ text: String) -> [String] {
        let tokens = Self.tokens(text)
        guard !tokens.isEmpty else { return [] }
        let listKind = ListMarker(tokens[0])?.kind
        var sentences: [String] = []
        var current: [String] = []
        var lastMarker = ListMarker(tokens[0])
        for (index, token) in tokens.enumerated() {
            if token == Self.breakHere {
                if !current.isEmpty { sentences.append(current.joined(separator: " ")) }
                current = []
                continue
            }
            if index > 0, let kind = listKind, let marker = ListMarker(token), marker.kind == kind, marker.follows(lastMarker), !current.isEmpty {
                sentences.append(current.joined(separator: " "))
                current = []
                lastMarker = marker
            }
            current.append(token)
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if endsSentence(token, next: next, sentence: current, previous: index > 0 ? tokens[index - 1] : nil) {
                sentences.append(current.joined(separator: " "))
                current = []
            }
        }
        if !current.isEmpty { sentences.append(current.joined(separator: " ")) }
        return sentences
    }

    /// A token that forces a boundary before the next word.
    static let breakHere = "\u{0}"

    /// Words separated by white space, with the dots of a spaced ellipsis (". . .") joined to
    /// the word before them. A sentence that ends with its own full stop and is followed by a
    /// spaced ellipsis and a capital ("compounds. . . . The practice") ends at the full stop; the
    /// ellipsis opens the next sentence, as the MLA style the Golden Rules quote has it.
    static func tokens(_ text: String) -> [String] {
        let pieces = text.words().map(String.init)
        var tokens: [String] = []
        var index = 0
        while index < pieces.count {
            let parts = splitGlued(pieces[index])
            if parts.count > 1 {
                for (offset, part) in parts.enumerated() {
                    if offset > 0 { tokens.append(breakHere) }
                    tokens.append(part)
                }
                index += 1
                continue
            }
            let piece = pieces[index]
            let isDots = piece.utf8.first == 0x2E && (piece.allSatisfy({ $0 == "." }) || piece == ".”" || piece == ".\"" || piece == ".’")
            if isDots, let last = tokens.last, last != breakHere {
                var run = index
                while run < pieces.count, pieces[run] == "." { run += 1 }
                let attached = last.count > 1 && last.hasSuffix(".") && !last.hasSuffix(". .") && last.dropLast().last?.isLetter == true
                if attached, run - index == 3, run < pieces.count, pieces[run].first?.isUppercase == true {
                    tokens.append(breakHere)
                    tokens.append(pieces[index..<run].joined(separator: " "))
                    index = run
                    continue
                }
                tokens[tokens.count - 1] = last + " " + piece
            } else {
                tokens.append(piece)
            }
            index += 1
        }
        return tokens
    }

    /// ASCII bytes a sentence-ending word can end with: marks, quotes, brackets.
    private static let closingBytes: Set<UInt8> = [0x2E, 0x21, 0x3F, 0x22, 0x27, 0x29, 0x5D]

    private static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»", "」", "』", "）", "】", "〉", "》"]

    /// Sentence-final marks of scripts that need no space after them (CJK full stops and their
    /// full-width `!`/`?`), and of scripts with their own (Devanagari danda, Arabic and Urdu
    /// question mark and full stop, Armenian, Ethiopic, the Greek question mark).
    static let fullStops: Set<Character> = ["。", "！", "？", "｡", "।", "॥", "؟", "۔", "։", "።", "\u{037E}", "‼", "⁇", "⁈", "⁉"]

    /// Cuts a word that holds more than one sentence: after a CJK full stop ("下雨。明天"), and
    /// where a full stop, `!` or `?` sits between a lower-case word and a capitalised one with no
    /// space ("front line.Ukraine's", a common slip of copy pasted from two paragraphs). Web
    /// and e-mail addresses and abbreviations ("U.S.Army" is not cut: "S" is a capital) stay whole.
    static func splitGlued(_ piece: String) -> [String] {
        // Most words hold no mark inside them: found without making characters.
        let utf8 = piece.utf8
        guard utf8.count > 2, utf8.dropLast().contains(where: { $0 == 0x2E || $0 == 0x21 || $0 == 0x3F || $0 >= 0x80 }) else { return [piece] }
        if piece.contains("://") || piece.contains("@") || piece.lowercased().hasPrefix("www.") { return [piece] }
        let characters = Array(piece)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if fullStops.contains(character) {
                var end = index + 1
                while end < characters.count, closers.contains(characters[end]) || fullStops.contains(characters[end]) { end += 1 }
                if end < characters.count {
                    parts.append(String(characters[start..<end]))
                    start = end
                }
                index = end
                continue
            }
            if character == "." || character == "!" || character == "?", index >= 2, index + 2 < characters.count,
               characters[index - 1].isLowercase, characters[index - 2].isLowercase,
               characters[index + 1].isUppercase, characters[index + 2].isLowercase {
                parts.append(String(characters[start...index]))
                start = index + 1
            }
            index += 1
        }
        if start < characters.count { parts.append(String(characters[start...])) }
        return parts
    }
    private static let openers: Set<Character> = ["\"", "'", "“", "‘", "(", "[", "«", "•", "⁃", "-", "–", "—"]

    private func endsSentence(_ token: String, next: String?, sentence: [String], previous: String?) -> Bool {
        // Most words end in a letter or digit: no boundary, decided from the last byte.
        if let last = token.utf8.last, last < 0x80, !Self.closingBytes.contains(last) { return false }
        var core = Substring(token)
        // Closing quotes and brackets come off by index: `dropLast()` on a substring counts the
        // whole word each time, quadratic in a run of 100,000 ")".
        var end = core.endIndex
        while end > core.startIndex {
            let before = core.index(before: end)
            guard Self.closers.contains(core[before]) else { break }
            end = before
        }
        core = core[..<end]
        guard let mark = core.last, ".!?…".contains(mark) || Self.fullStops.contains(mark) else { return false }
        if Self.fullStops.contains(mark) { return true }
        // The text so far is only a list marker ("1.", "• 9."), or the ellipsis that opens it: it goes on.
        if sentence.allSatisfy({ ListMarker($0) != nil || $0.allSatisfy { $0 == "." || $0 == " " } }) { return false }
        guard let next else { return true }
        let nextStarts = Self.startsSentence(next)
        if mark == "!" || mark == "?" { return nextStarts }

        let dots = core.reversed().prefix { $0 == "." || $0 == " " || $0 == "…" }.reduce(0) { $0 + ($1 == "." ? 1 : ($1 == "…" ? 3 : 0)) }
        if dots >= 3 {
            // An ellipsis marks an omission; a full stop and an ellipsis (four dots) end a sentence.
            if dots >= 4 { return nextStarts }
            if core.hasSuffix("[...") || token.hasSuffix("[...]") { return false }
            return nextStarts && next.first?.isUppercase == true && next != "I" && !next.hasPrefix("I'") && !next.hasPrefix("I’")
        }

        let word = core[..<core.index(before: core.endIndex)]
        let bare = String(word.drop { Self.openers.contains($0) || $0 == "$" }).lowercased()
        guard nextStarts else { return false }
        if abbreviations.contains(bare) { return false }
        if SentenceRules.beforeNumbers.contains(bare), next.first?.isNumber == true { return false }
        if bare.count == 1, let letter = bare.first, letter.isLetter {
            // "Jonas E. Smith": an initial after a name; "you and I. Did": the pronoun.
            let afterName = previous?.first?.isUppercase == true
            if bare == "i", !afterName { return true }
            return false
        }
        // "U.S.", "Ph.D.", "a.m." are abbreviations; "example.org." is an address that ends a sentence.
        let dotted = bare.contains(".") && bare.allSatisfy { $0.isLetter || $0 == "." } && !bare.hasPrefix("www.")
            && bare.split(separator: ".").allSatisfy { $0.count <= 3 }
        // "At 5 a.m. Mr. Smith went…": a time that opens a sentence does not close it; one that
        // comes after a clause does ("He left at 6 P.M. Mr. Smith then…").
        // "7 p.m. Moscow time" goes on: after a time, only a typical opening word or a title does.
        if SentenceRules.times.contains(bare) {
            let title = next.split(separator: ".").first.map { abbreviations.contains($0.lowercased()) } ?? false
            return sentence.count >= 4 && (Self.isStarter(next) || title)
        }
        // "ST. PETERSBURG, Fla. (AP) —": a state in a dateline, or one that ends a sentence.
        // A state is written with a capital; "the man. Next" and "miss. Then" are words.
        let isState = SentenceRules.states.contains(bare) && word.drop { Self.openers.contains($0) }.first?.isUppercase == true
        if dotted || SentenceRules.endings.contains(bare) || isState { return Self.isStarter(next) }
        return true
    }

    /// Whether a word can open a sentence: a capital, a digit, an opening quote or bracket, a bullet.
    static func startsSentence(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        if first.isUppercase || first.isNumber || openers.contains(first) { return true }
        // Scripts without case (CJK and others) cannot say; treat them as a new sentence.
        return first.isLetter && !first.isLowercase && !first.isUppercase
    }

    private static func isStarter(_ word: String) -> Bool {
        let letters = word.drop { openers.contains($0) }.prefix { $0.isLetter || $0 == "'" || $0 == "’" }
        let bare = letters.split(separator: "'").first.map(String.init)?.split(separator: "’").first.map(String.init) ?? ""
        return SentenceRules.starters.contains(bare.lowercased())
    }
}

/// A list item's marker: "1.", "1)", "1.)", "a.", "•", "⁃9.".
struct ListMarker: Equatable {
    enum Kind: Equatable { case number, letter, bullet }
    let kind: Kind
    let value: Int

    init?(_ token: String) {
        // Markers are short ("12.", "a)", "•"); a bullet may run into its text ("⁃9."). Ordinary
        // words are turned away from their first bytes.
        guard let firstByte = token.utf8.first, let lastByte = token.utf8.last else { return nil }
        let isBullet = firstByte == 0x2A || firstByte == 0xE2
        if !isBullet && (token.utf8.count > 5 || (lastByte != 0x2E && lastByte != 0x29)) { return nil }
        if let first = token.first, "•⁃▪◦*".contains(first) {
            kind = .bullet
            value = 0
            return
        }
        var body = Substring(token)
        if body.hasSuffix(".)") { body = body.dropLast(2) } else if body.hasSuffix(")") || body.hasSuffix(".") { body = body.dropLast() } else { return nil }
        if let number = Int(body), number >= 0, number < 1000 {
            kind = .number
            value = number
        } else if body.count == 1, let letter = body.first, letter.isLowercase, let ascii = letter.asciiValue {
            kind = .letter
            value = Int(ascii)
        } else {
            return nil
        }
    }

    /// Whether this marker can follow `previous` in one list (the next number or letter).
    func follows(_ previous: ListMarker?) -> Bool {
        guard let previous, previous.kind == kind else { return kind == .bullet }
        return kind == .bullet || value == previous.value + 1
    }
}
