import DigestText
import Testing

@Suite struct TeaserTests {
    static let long = String(repeating: "The council met and voted on the plan for the new bridge. ", count: 8)

    @Test("short entries and ones that trail off or say 'read more' are teasers; a full article is not", arguments: [
        (["The council approved the bridge."], true),
        ([long + "The vote was close…"], true),
        ([long, "Read more »"], true),
        ([long + " [...]"], true),
        ([long, "Continue reading →"], true),
        ([long, "Weiterlesen"], true),
        ([long], false),
        ([long, "Officials said they wanted more."], false),
    ])
    func teaser(_ paragraphs: [String], _ expected: Bool) {
        #expect(Teaser.isTeaser(paragraphs) == expected)
    }
}
