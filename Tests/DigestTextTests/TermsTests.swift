import DigestText
import Testing

@Suite struct TermsTests {
    @Test("Snowball stems words in English, German and Russian", arguments: [
        ("en", "running", "run"), ("en", "councils", "council"), ("en", "generously", "generous"),
        ("de", "häuser", "haus"), ("de", "abgeordneten", "abgeordnet"),
        ("ru", "новостями", "новост"), ("ru", "переговоры", "переговор"),
        ("fr", "élections", "élect"), ("es", "ciudades", "ciudad"),
    ])
    func stems(_ language: String, _ word: String, _ stem: String) throws {
        let stemmer = try #require(Stemmer(language: language))
        #expect(stemmer.stem(word) == stem)
    }

    @Test("a language libstemmer does not know has no stemmer")
    func unknownLanguage() {
        #expect(Stemmer(language: "tlh") == nil)
        #expect(Stemmer(language: "en-GB")?.algorithm == "english")
    }

    @Test("words are lower-cased Unicode tokens that keep inner apostrophes and hyphens")
    func tokens() {
        #expect(Tokenizer.words("The mayor’s co-operative plan, 2026: ОДОБРЕН!") == ["the", "mayor's", "co-operative", "plan", "2026", "одобрен"])
        #expect(Tokenizer.words("— 'quoted' -dash- …") == ["quoted", "dash"])
    }

    @Test("a word hyphenated with soft hyphens is the same word as without them")
    func softHyphens() {
        #expect(Tokenizer.words("Die Ver\u{AD}an\u{AD}stal\u{AD}tung beginnt") == ["die", "veranstaltung", "beginnt"])
        #expect(Tokenizer.words("zero\u{200B}width") == ["zero", "width"])
    }

    @Test("stop words are known in six languages", arguments: [("en", "the"), ("de", "und"), ("fr", "les"), ("es", "los"), ("ru", "что"), ("uk", "що")])
    func stopWords(_ language: String, _ word: String) {
        #expect(StopWords.contains(word, language: language))
        #expect(!StopWords.contains("parliament", language: language))
    }

    @Test("the language of a text is guessed from its stop words, and not from too little text", arguments: [
        ("The council said that it would vote on the budget in the spring.", "en"),
        ("Der Rat sagte, dass er im Frühjahr über den Haushalt abstimmen werde.", "de"),
        ("Le conseil a dit qu'il voterait sur le budget au printemps.", "fr"),
        ("El consejo dijo que votaría el presupuesto en la primavera.", "es"),
        ("Совет заявил, что он проголосует за бюджет весной, и это не все.", "ru"),
        ("Рада заявила, що вона проголосує за бюджет навесні, і це ще не все.", "uk"),
    ])
    func language(_ text: String, _ expected: String) {
        #expect(StopWords.guessLanguage(Tokenizer.words(text)) == expected)
    }

    @Test("words that two languages share as often go to the first language by code")
    func tie() {
        // "a de que o e" are Spanish and Portuguese stop words alike.
        #expect(StopWords.guessLanguage(["a", "de", "que", "o", "e"]) == "es")
    }

    @Test("too little text has no language")
    func tooShort() {
        #expect(StopWords.guessLanguage(Tokenizer.words("Budget vote")) == nil)
    }

    @Test("TF-IDF vectors: texts about one event are closer than texts about different ones")
    func similarity() {
        var vectorizer = TermVectorizer(language: "en")
        let strike = "Rail workers will strike on Tuesday, the union said."
        let strike2 = "The union announced that rail workers strike on Tuesday."
        let weather = "A storm warning was issued for the valley on Sunday night."
        for text in [strike, strike2, weather] { vectorizer.add(text) }
        let a = vectorizer.vector(strike), b = vectorizer.vector(strike2), c = vectorizer.vector(weather)
        #expect(a.cosine(b) > 0.5)
        #expect(a.cosine(c) < 0.1)
        #expect(abs(a.cosine(a) - 1) < 1e-9)
        #expect(vectorizer.terms(strike).contains("strike") && !vectorizer.terms(strike).contains("the"))
    }
}
