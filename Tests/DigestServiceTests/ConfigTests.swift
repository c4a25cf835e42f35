import DigestModel
import DigestService
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ConfigTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let file = URL(fileURLWithPath: "/srv/digest/digest.toml")

    func parse(_ text: String) throws(ConfigError) -> Config {
        try ConfigLoader.parse(text, file: Self.file)
    }

    @Test("sections, delivery and its targets are read with every default filled in")
    func sectionsAndDelivery() throws {
        let config = try ConfigLoader.load(Self.fixtures.appendingPathComponent("sections-delivery.toml"))
        #expect(config.sections == [Config.Section(name: "World", tags: ["world", "News"], maxStories: 5), Config.Section(name: "Local", tags: ["local"])])
        #expect(config.storySections?.sections.map(\.name) == ["World", "Local", "Everything else"])
        #expect(config.storySections?.sectionOfFeed == [config.feeds[0].id: 0])
        #expect(config.delivery.giveUpAfter == 2 * 86_400)
        let email = try #require(config.delivery.email)
        #expect(email.to == ["reader@example.org", "desk@example.org"])
        #expect(email.subject == "{{title}}: {{health.storyCount}} stories")
        #expect(email.sendmail == ["/usr/bin/msmtp", "--account", "news desk", "-t", "-i"], "quotes keep a word together")
        #expect(config.delivery.webhooks.map(\.format) == [.text, .json])
        #expect(config.delivery.webhooks[0].headers == [.init(name: "Authorization", value: "Bearer tk_example"), .init(name: "Priority", value: "low")])
        #expect(config.delivery.targets.map(\.key) == ["email", "webhook:https://ntfy.example.org/briefing", "webhook:https://hooks.example.org/digest"])
    }

    @Test("a complete config is read with every key, relative paths taken from its folder")
    func goodConfig() throws {
        let config = try ConfigLoader.load(Self.fixtures.appendingPathComponent("good.toml"))
        #expect(config.title == "Test Briefing")
        #expect(config.output == Self.fixtures.appendingPathComponent("out").standardizedFileURL)
        #expect(config.timeZone.identifier == "Europe/Berlin")
        #expect(config.schedule.briefings == ["06:30", "18:00"])
        #expect(config.schedule.fetchEvery == 5400)
        #expect(config.briefing.window == 48 * 3600)
        #expect(config.briefing.maxStories == 5)
        #expect(config.briefing.sentencesPerStory == 2)
        #expect(config.briefing.formats == [.markdown])
        #expect(config.fetch.timeout == 10)
        #expect(config.fetch.maxBytes == 2 * 1024 * 1024)
        #expect(config.fetch.concurrency == 3)
        #expect(config.fetch.userAgent == "digest/0.1 (+mailto:ops@example.org)")
        #expect(config.retention == 14 * 86_400)
        #expect(config.feedsFile == Self.fixtures.appendingPathComponent("subscriptions.opml").standardizedFileURL)
        #expect(config.feeds.count == 2)
        #expect(config.feeds[0].url == Self.fixtures.appendingPathComponent("feeds/good.xml").standardizedFileURL)
        #expect(config.feeds[0].name == "Good")
        #expect(config.feeds[0].fullText)
        #expect(config.feeds[0].weight == 2)
        #expect(config.feeds[0].tags == ["local", "test"])
        #expect(config.feeds[1].id == "news")
        #expect(config.feeds[1].url.absoluteString == "https://news.example/rss")
    }

    @Test("an empty config takes the defaults")
    func defaults() throws {
        let config = try parse("")
        #expect(config.title == "Daily Briefing")
        #expect(config.output.path == "/srv/digest/briefings")
        #expect(config.briefing.window == 86_400)
        #expect(config.fetch.maxBytes == 10 * 1024 * 1024)
        #expect(config.feeds.isEmpty)
        #expect(config.retention == 30 * 86_400)
        #expect(config.feedsFile.path == "/srv/digest/feeds.opml")
    }

    static let errors: [(String, String)] = [
        ("title = \"x\"\ncolour = \"red\"\n", "/srv/digest/digest.toml:2: colour: unknown key"),
        ("[briefing]\nwindow = \"24h\"\nmax_storys = 3\n", "/srv/digest/digest.toml:3: briefing.max_storys: unknown key"),
        ("[[feeds]]\nurl = \"a.xml\"\n[[feeds]]\nurl = \"b.xml\"\nwieght = 2\n", "/srv/digest/digest.toml:5: feeds[1].wieght: unknown key"),
        ("title = 3\n", "/srv/digest/digest.toml:1: title: expected a string, found an integer"),
        ("[briefing]\nmax_stories = \"ten\"\n", "/srv/digest/digest.toml:2: briefing.max_stories: expected an integer, found a string"),
        ("[briefing]\nwindow = \"a day\"\n", "/srv/digest/digest.toml:2: briefing.window: \"a day\" is not a duration"),
        ("[fetch]\nmax_bytes = \"lots\"\n", "/srv/digest/digest.toml:2: fetch.max_bytes: \"lots\" is not a size"),
        ("[schedule]\nbriefings = [\"7am\"]\n", "/srv/digest/digest.toml:2: schedule.briefings: \"7am\" is not a time of day"),
        ("timezone = \"Mars/Olympus\"\n", "/srv/digest/digest.toml:1: timezone: unknown time zone"),
        ("[[feeds]]\nname = \"No URL\"\n", "/srv/digest/digest.toml:1: feeds[0]: every [[feeds]] needs a url"),
        ("[[feeds]]\nurl = \"gopher://x\"\n", "/srv/digest/digest.toml:2: feeds[0].url: \"gopher://x\" is not an http(s) URL"),
        ("[briefing]\nformats = [\"pdf\"]\n", "/srv/digest/digest.toml:2: briefing.formats: unknown format \"pdf\""),
        ("title = \n", "/srv/digest/digest.toml:1: not valid TOML"),
        ("[[rules]]\naction = \"mute\"\nregex = \"(unclosed\"\n", "/srv/digest/digest.toml:3: rules[0].regex: not a valid regular expression: (unclosed"),
        ("[[rules]]\naction = \"boost\"\nwords = [\"x\"]\n[[rules]]\naction = \"mute\"\nregex = \"a[\"\n", "/srv/digest/digest.toml:6: rules[1].regex: not a valid regular expression"),
        ("[[rules]]\naction = \"hide\"\nwords = [\"x\"]\n", "/srv/digest/digest.toml:2: rules[0].action: unknown action \"hide\""),
        ("[[rules]]\naction = \"mute\"\nwords = [\"x\"]\nin = [\"body\"]\n", "/srv/digest/digest.toml:4: rules[0].in: unknown scope \"body\""),
        ("[[rules]]\naction = \"mute\"\nwords = [\"x\"]\nweight = 3\n", "/srv/digest/digest.toml:4: rules[0].weight: only a boost has a weight"),
        ("[[rules]]\naction = \"boost\"\nwords = [\"x\"]\nweight = 1e9\n", "/srv/digest/digest.toml:4: rules[0].weight: must be from 1 to 100"),
        ("[[rules]]\naction = \"mute\"\nwords = [\"x\"]\nregex = \"y\"\n", "/srv/digest/digest.toml:4: rules[0].regex: a rule matches either non-empty words or one regex"),
        ("[[rules]]\nwords = [\"x\"]\n", "/srv/digest/digest.toml:1: rules[0]: every [[rules]] needs an action"),
        // Numbers out of range (these trapped or ran for ever before).
        ("[fetch]\ntimeout = \"1\(String(repeating: "0", count: 309))s\"\n", "/srv/digest/digest.toml:2: fetch.timeout: \"1000"),
        ("[fetch]\ntimeout = \"9223372036854775s\"\n", "/srv/digest/digest.toml:2: fetch.timeout: \"9223372036854775s\" is out of range: use 1s to 1h"),
        ("[fetch]\nmax_bytes = \"8589934592GB\"\n", "/srv/digest/digest.toml:2: fetch.max_bytes: \"8589934592GB\" is out of range"),
        ("[fetch]\nmax_bytes = \"\(String(repeating: "9", count: 400))B\"\n", "/srv/digest/digest.toml:2: fetch.max_bytes:"),
        ("[fetch]\nconcurrency = 9223372036854775807\n", "/srv/digest/digest.toml:2: fetch.concurrency: must be at most 1000"),
        ("[briefing]\nmax_stories = 9223372036854775807\n", "/srv/digest/digest.toml:2: briefing.max_stories: must be at most 10000"),
        ("[briefing]\nwords_per_story = 9223372036854775807\n", "/srv/digest/digest.toml:2: briefing.words_per_story: must be at most 100000"),
        ("[[feeds]]\nurl = \"a.xml\"\nweight = 1e308\n", "/srv/digest/digest.toml:3: feeds[0].weight: must be from 0 to 1000"),
        // Table headers without a name stopped the process inside the TOML library (found by fuzzing).
        ("[\n", "/srv/digest/digest.toml:1: not valid TOML: a table header needs a name"),
        ("title = \"x\"\n[[ # feeds\n", "/srv/digest/digest.toml:2: not valid TOML: a table header needs a name"),
        ("[.]\n", "/srv/digest/digest.toml:1: not valid TOML: a table header needs a name"),
        ("title = \"x\"\ns = [1,\n}\n", "/srv/digest/digest.toml:3: not valid TOML: a \"}\" closes an array"),
        ("s = {a = [}}\n", "/srv/digest/digest.toml:1: not valid TOML: a \"}\" closes an array"),
    ]

    @Test("rules are read in order: words or a regex, their scopes, a boost's weight")
    func rules() throws {
        let config = try parse("""
        [[rules]]
        action = "mute"
        words = ["Horoscope", "sponsored"]
        [[rules]]
        action = "boost"
        regex = '(?i)\\bcity council\\b'  # a literal string: TOML reads backslashes in it as they are
        in = ["title", "tags"]
        weight = 3
        """)
        #expect(config.rules.map(\.action) == [.mute, .boost])
        #expect(config.rules[0].words == ["horoscope", "sponsored"] && config.rules[0].scopes == [.title, .text])
        #expect(config.rules[1].pattern == "(?i)\\bcity council\\b" && config.rules[1].scopes == [.title, .tags] && config.rules[1].weight == 3)
    }

    @Test("a rule matches whole words or its expression, only in its scopes")
    func ruleMatching() throws {
        let article = Article(id: "a", sourceID: "metro", sourceName: "Metro Daily", url: URL(string: "https://metro.example/ads/1"),
                              title: "Your horoscope for Tuesday", published: nil, paragraphs: ["Address the council, they said."])
        let metro = FeedSource(id: "metro", url: URL(string: "https://metro.example/feed")!, name: "Metro Daily", tags: ["Local"])
        #expect(try Rule(action: .mute, words: ["Horoscope"]).matches(article, source: metro))
        #expect(try !Rule(action: .mute, words: ["ad", "counc"]).matches(article, source: metro), "parts of words do not match")
        #expect(try Rule(action: .mute, words: ["council"]).matches(article, source: metro))
        #expect(try !Rule(action: .mute, words: ["council"], scopes: [.title]).matches(article, source: metro))
        #expect(try Rule(action: .mute, pattern: "/ads/", scopes: [.url]).matches(article, source: metro))
        #expect(try Rule(action: .boost, words: ["local"], scopes: [.tags]).matches(article, source: metro))
        #expect(try Rule(action: .boost, words: ["metro daily"], scopes: [.feed]).matches(article, source: metro))
        #expect(try !Rule(action: .boost, pattern: "^Horoscope", scopes: [.title]).matches(article, source: metro), "case counts unless the expression says (?i)")
        let outcome = RuleOutcome(rules: [try Rule(action: .boost, words: ["council"], weight: 4), try Rule(action: .boost, words: ["tuesday"], weight: 2)],
                                  articles: [article], sources: ["metro": metro])
        #expect(outcome.muted == 0 && outcome.boosts == ["a": 4], "the largest boost counts")
        #expect(RuleOutcome(rules: [try Rule(action: .mute, words: ["horoscope"])], articles: [article], sources: [:]).kept.isEmpty)
    }

    @Test("a value that only looks like a header inside an array or a string is not one")
    func bracketsInValues() throws {
        #expect(throws: Never.self) { try parse("[schedule]\nbriefings = [\n  \"07:00\",\n]\n") }
        #expect(throws: Never.self) { try parse("title = \"\"\"\n[\n\"\"\"\n") }
    }

    @Test("of 5,000 unknown keys the first by line is reported")
    func manyUnknownKeys() throws {
        let text = (0..<5000).map { "k\($0) = \($0)" }.joined(separator: "\n")
        let error = #expect(throws: ConfigError.self) { try parse(text) }
        #expect(error?.description.hasPrefix("/srv/digest/digest.toml:1: k0: unknown key") == true)
    }

    @Test("a bad config names the file, the line and the key", arguments: errors)
    func badConfig(_ text: String, _ expectedPrefix: String) {
        let error = #expect(throws: ConfigError.self) { try parse(text) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix(expectedPrefix), "got: \(message)")
    }

    @Test("a missing config file is an error naming it")
    func missingFile() {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(URL(fileURLWithPath: "/nonexistent/digest.toml")) }
        #expect(error?.description == "/nonexistent/digest.toml: no such file")
    }

    @Test("the config is looked for in $DIGEST_CONFIG, then ./digest.toml, ~/.config and /etc")
    func searchOrder() {
        let path = ConfigLoader.searchPath(environment: ["DIGEST_CONFIG": "conf/d.toml"],
                                           currentDirectory: URL(fileURLWithPath: "/work"), home: URL(fileURLWithPath: "/home/ann"))
        #expect(path.map(\.path) == ["/work/conf/d.toml", "/work/digest.toml", "/home/ann/.config/digest/digest.toml", "/etc/digest/digest.toml"])
    }

    @Test("durations and sizes read as people write them", arguments: [
        ("90s", 90.0), ("30m", 1800), ("24h", 86_400), ("2d", 172_800), ("1w", 604_800), ("1h30m", 5400), ("1.5h", 5400),
    ])
    func durations(_ text: String, _ seconds: Double) {
        #expect(ConfigValues.duration(text) == seconds)
    }

    @Test("malformed durations are rejected", arguments: ["", "10", "h", "5 parsecs", "3x"])
    func badDurations(_ text: String) {
        #expect(ConfigValues.duration(text) == nil)
    }

    @Test("sizes read with binary units", arguments: [("10MB", 10_485_760), ("512KB", 524_288), ("1GB", 1_073_741_824), ("100", 100), ("2 mb", 2_097_152)])
    func sizes(_ text: String, _ bytes: Int) {
        #expect(ConfigValues.size(text) == bytes)
    }
}

/// Files the user names that cannot be read say why (issue 14).
@Suite struct LocalFileTests {
    @Test("a folder, a device and a FIFO are named as such, never opened")
    func kinds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        func reason(_ path: String) -> String {
            if case .failure(let failure) = LocalFile.read(path) { return failure.description }
            return "read"
        }
        #expect(reason(folder.path) == "is a folder, not a file")
        #expect(reason("/dev/zero") == "is a device, not a regular file")
        #expect(reason(fifo) == "is a FIFO or other special file, not a regular file")
        #expect(reason(folder.appendingPathComponent("missing").path) == "no such file")
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(URL(fileURLWithPath: fifo)) }
        #expect(error?.description.contains("not a regular file") == true)
    }
}
