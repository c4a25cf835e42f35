import DigestText
import Testing

/// Quotations are not cut where the sentence goes on, and wire datelines of every common style
/// are recognised (and only those).
@Suite struct QuoteAndDatelineTests {
    @Test("a quotation ending in ! or ? is not a sentence end when a lower-case word follows", arguments: [
        ("Protesters shouted “You resign!” at Speaker-elect Rowe as he left. The hall emptied.",
         ["Protesters shouted “You resign!” at Speaker-elect Rowe as he left.", "The hall emptied."]),
        ("\"Who pays?\" asked the mayor of Lindenfeld on Monday. Nobody answered.",
         ["\"Who pays?\" asked the mayor of Lindenfeld on Monday.", "Nobody answered."]),
        ("They chanted \"Not again!\" until midnight. Police watched.", ["They chanted \"Not again!\" until midnight.", "Police watched."]),
        ("He sat down next to the man. Next came the vote.", ["He sat down next to the man.", "Next came the vote."]),
    ])
    func quotations(text: String, expected: [String]) {
        #expect(SentenceSplitter().split(text) == expected)
    }

    @Test("wire datelines in every common style come off", arguments: [
        ("CAIRO, Egypt (AP) _ Police shared the list on Monday.", "CAIRO, Egypt (AP)"),
        ("LINDENFELD (AP) -- The council met.", "LINDENFELD (AP)"),
        ("WASHINGTON _ The Senate adjourned.", "WASHINGTON"),
        ("SANTA ROSA, Calif. _ The museum opened.", "SANTA ROSA, Calif."),
        ("BEIJING, March 5 (Xinhua) -- The congress opened.", "BEIJING, March 5 (Xinhua)"),
        ("MOSCOW, June 20 (Reuters) - Russia said talks would resume.", "MOSCOW, June 20 (Reuters)"),
        ("New Delhi, June 20 (IANS) The ministry said on Friday.", "New Delhi, June 20 (IANS)"),
        ("ST. PAUL, Minn. (AP) — Snow closed schools.", "ST. PAUL, Minn. (AP)"),
        ("KYIV, Ukraine — Sirens sounded overnight.", "KYIV, Ukraine"),
    ])
    func datelines(text: String, dateline: String) {
        let split = Dateline.split(text)
        #expect(split.dateline == dateline)
        #expect(split.rest.first?.isUppercase == true)
    }

    @Test("sentences with a dash or an underscore are not datelines", arguments: [
        "Prices rose — again — in May.",
        "The file was named report_final _ draft.",
        "NATO said the drill — its largest — went well.",
        "The president (AP) said nothing.",
    ])
    func notDatelines(text: String) {
        #expect(Dateline.split(text).dateline == nil)
    }
}

/// Character references that reached the text as letters, and old wire codes.
@Suite struct LiteralEntityTests {
    @Test("references escaped twice become their characters; wire codes go; an ampersand in a name stays", arguments: [
        ("&QL; Internet auction pioneer eBay invested in a used car seller.", "Internet auction pioneer eBay invested in a used car seller."),
        ("The bug will result in problems. &QL;", "The bug will result in problems."),
        ("It&#8217;s the council&rsquo;s plan&nbsp;for 2029 &amp; beyond", "It’s the council’s plan for 2029 & beyond"),
        ("Caf&eacute; owners at AT&T and R&D firms, a Q&A; M&Ms; S&P 500", "Café owners at AT&T and R&D firms, a Q&A; M&Ms; S&P 500"),
        ("A code &UR; in the middle", "A code in the middle"),
        ("Broken &#0; and &#xD800; references", "Broken and references"),
        ("No ampersand at all", "No ampersand at all"),
    ])
    func resolve(text: String, expected: String) {
        #expect(text.resolvingLiteralEntities() == expected)
    }
}
