import DigestFeeds
import Testing

@Suite struct HTMLTextTests {
    static let cases: [(String, [String])] = [
        ("<p>One.</p><p>Two.</p>", ["One.", "Two."]),
        ("Plain text, no markup", ["Plain text, no markup"]),
        ("<p>Fish &amp; chips &eacute;t&eacute; &#8211; &#x2014;</p>", ["Fish & chips été – —"]),
        ("<p>Keep</p><script>alert(1)</script><style>p{}</style><p>this</p>", ["Keep", "this"]),
        ("<div>  lots   of\n\n spaces\t</div>", ["lots of spaces"]),
        ("<p>inline <b>bold</b> and <a href='x'>link</a></p>", ["inline bold and link"]),
        ("line one<br>line two<br><br>new paragraph", ["line one line two", "new paragraph"]),
        ("<ul><li>first</li><li>second</li></ul>", ["first", "second"]),
        ("<h2>Heading</h2>Body text", ["Heading", "Body text"]),
        ("<p>unclosed <b>bold<p>next", ["unclosed bold", "next"]),
        ("<noscript>enable JS</noscript><p>real</p>", ["real"]),
        ("a&nbsp;b", ["a\u{00A0}b"]),
        ("", []),
        ("<p> </p>", []),
    ]

    @Test("HTML becomes paragraphs of plain text", arguments: cases)
    func paragraphs(_ html: String, _ expected: [String]) {
        #expect(HTMLText.paragraphs(fromHTML: html) == expected)
    }
}
