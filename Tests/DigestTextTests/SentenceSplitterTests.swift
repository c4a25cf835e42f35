import DigestText
import Testing

@Suite struct SentenceSplitterTests {
    static let cases: [(String, [String])] = [
        ("The council met. It voted.", ["The council met.", "It voted."]),
        ("Did it rain? Yes! A lot.", ["Did it rain?", "Yes!", "A lot."]),
        ("Mr. Petrak said so. Then he left.", ["Mr. Petrak said so.", "Then he left."]),
        ("Dr. Ellison and Prof. Reyes agreed.", ["Dr. Ellison and Prof. Reyes agreed."]),
        ("J. R. Tolkien wrote it. Many read it.", ["J. R. Tolkien wrote it.", "Many read it."]),
        ("It costs 4.2 million euros. That is a lot.", ["It costs 4.2 million euros.", "That is a lot."]),
        ("He said \"Stop.\" Then silence.", ["He said \"Stop.\"", "Then silence."]),
        ("The vote was close… Nobody expected it.", ["The vote was close…", "Nobody expected it."]),
        ("Trains stop at 7 p.m. on Sunday.", ["Trains stop at 7 p.m. on Sunday."]),
        ("Visit example.org for more. Thanks.", ["Visit example.org for more.", "Thanks."]),
        ("no capital after. the dot stays together.", ["no capital after. the dot stays together."]),
        ("   ", []),
        ("One sentence without a stop", ["One sentence without a stop"]),
    ]

    @Test("sentences end at terminal marks, not at abbreviations, initials or decimals", arguments: cases)
    func splits(_ input: String, _ expected: [String]) {
        #expect(SentenceSplitter().split(input) == expected)
    }
}

@Suite struct WhitespaceTests {
    @Test("ASCII white space folds, a non-breaking space is kept as content")
    func asciiFold() {
        #expect("  a \t\n b  ".collapsingASCIIWhitespace() == "a b")
        #expect("a\u{00A0}b".collapsingASCIIWhitespace() == "a\u{00A0}b")
    }

    @Test("words are counted by white space")
    func words() {
        #expect("The council met on Saturday.".wordCount == 5)
        #expect("".wordCount == 0)
    }
}
