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
        // News copy.
        ("Gen. Maliuk met Sen. Ortiz in Kyiv. They spoke for an hour.", ["Gen. Maliuk met Sen. Ortiz in Kyiv.", "They spoke for an hour."]),
        ("The U.S. Army confirmed the report. It gave no details.", ["The U.S. Army confirmed the report.", "It gave no details."]),
        ("Talks resume at 7 p.m. Moscow time on Friday.", ["Talks resume at 7 p.m. Moscow time on Friday."]),
        ("The fund lost 3.5 percent. Investors were calm.", ["The fund lost 3.5 percent.", "Investors were calm."]),
        ("Prices rose to $4.20 a litre. Drivers complained.", ["Prices rose to $4.20 a litre.", "Drivers complained."]),
        ("Acme Inc. said profits doubled. Shares rose.", ["Acme Inc. said profits doubled.", "Shares rose."]),
        ("They sold it to Acme Inc. The deal closed Monday.", ["They sold it to Acme Inc.", "The deal closed Monday."]),
        ("\"We will not give up,\" she said. \"Never.\"", ["\"We will not give up,\" she said.", "\"Never.\""]),
        ("Was it worth it? Nobody knows!", ["Was it worth it?", "Nobody knows!"]),
        ("The vote (held on Jan. 5) was close. Few expected it.", ["The vote (held on Jan. 5) was close.", "Few expected it."]),
        ("See p. 12 of the report. It lists every case.", ["See p. 12 of the report.", "It lists every case."]),
        ("Mr. and Mrs. Okafor opened the shop. Dr. Lee cut the ribbon.", ["Mr. and Mrs. Okafor opened the shop.", "Dr. Lee cut the ribbon."]),
        ("The plan... well, it failed. Everyone saw it.", ["The plan... well, it failed.", "Everyone saw it."]),
        ("1. Buy bread 2. Buy milk", ["1. Buy bread", "2. Buy milk"]),
        ("It rained. 2026 will be drier, forecasters say.", ["It rained.", "2026 will be drier, forecasters say."]),
        ("The mayor — who spoke last — said no. Council agreed.", ["The mayor — who spoke last — said no.", "Council agreed."]),
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

/// Runs of one mark, which took time growing with their square (issue 14).
@Suite struct SplitterRunTests {
    @Test("100,000 closing marks in a row are one piece of text", arguments: [")", "]", "\"", "'", "»"])
    func runs(_ mark: String) {
        let sentences = SentenceSplitter().split(String(repeating: mark, count: 100_000) + " Then it ended. Done here.")
        #expect(sentences.count <= 3)
        #expect(sentences.last == "Done here.")
    }
}
