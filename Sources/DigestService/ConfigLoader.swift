import DigestFeeds
import DigestModel
import DigestRender
import Foundation
import TOMLKit

/// The widest ranges a config may set.
enum ConfigLimits {
    /// The longest window or retention: a hundred years.
    static let longest: TimeInterval = 100 * 365 * 86_400
}

/// Finds and reads the config file, strictly: an unknown key, a wrong type or a missing required
/// value is an error naming the file, the line and the key.
public enum ConfigLoader {
    /// The places a config is looked for when `--config` is not given, in order.
    public static func searchPath(environment: [String: String], currentDirectory: URL, home: URL) -> [URL] {
        var candidates: [URL] = []
        if let path = environment["DIGEST_CONFIG"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL)
        }
        candidates.append(currentDirectory.appendingPathComponent("digest.toml"))
        candidates.append(home.appendingPathComponent(".config/digest/digest.toml"))
        candidates.append(URL(fileURLWithPath: "/etc/digest/digest.toml"))
        return candidates
    }

    /// The config at `explicit` when given, else the first file of the search path that exists.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              home: URL = FileManager.default.homeDirectoryForCurrentUser) throws(ConfigError) -> URL {
        if let explicit {
            return URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL
        }
        let candidates = searchPath(environment: environment, currentDirectory: currentDirectory, home: home)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return found }
        throw ConfigError(file: candidates.map(\.path).joined(separator: ", "),
                          message: "no config file found; pass --config FILE or set DIGEST_CONFIG")
    }

    /// Reads and validates the file at `url`.
    public static func load(_ url: URL) throws(ConfigError) -> Config {
        let path = url.path
        let data: Data
        switch LocalFile.read(path, maxBytes: 64 << 20) {
        case .success(let contents): data = contents
        case .failure(let failure): throw ConfigError(file: path, message: failure.description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: url)
    }

    /// Validates config text as if read from `file` (which anchors relative paths).
    public static func parse(_ text: String, file: URL) throws(ConfigError) -> Config {
        if let (line, message) = structuralFault(text) {
            throw ConfigError(file: file.path, line: line, message: "not valid TOML: \(message)")
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file.path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file.path, message: "not valid TOML: \(error)")
        }
        let source = ConfigSource(file: file, text: text)
        var config = Config(file: file)
        let folder = file.deletingLastPathComponent()

        var top = TableReader(table: root, path: nil, source: source)
        if let title = try top.string("title") { config.title = title }
        if let output = try top.string("output") { config.output = try top.folder("output", output, relativeTo: folder) }
        if let state = try top.string("state") { config.state = try top.folder("state", state, relativeTo: folder) }
        if let zone = try top.string("timezone") {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw top.error("timezone", "unknown time zone \"\(zone)\" (use an IANA name such as \"Europe/Berlin\")")
            }
            config.timeZone = timeZone
        }
        if let retention = try top.duration("retention", min: 60, max: ConfigLimits.longest) { config.retention = retention }
        if let metrics = try top.string("metrics_file"), !metrics.isEmpty {
            config.metricsFile = try top.folder("metrics_file", metrics, relativeTo: folder)
        }
        if var schedule = try top.table("schedule") {
            if let times = try schedule.strings("briefings") {
                if let bad = times.first(where: { !ConfigValues.isClockTime($0) }) {
                    throw schedule.error("briefings", "\"\(bad)\" is not a time of day like \"07:00\"")
                }
                config.schedule.briefings = times
            }
            if let every = try schedule.duration("fetch_every", min: 1, max: 7 * 86_400) { config.schedule.fetchEvery = every }
            try schedule.finish()
        }
        if var briefing = try top.table("briefing") {
            if let window = try briefing.duration("window", min: 60, max: ConfigLimits.longest) { config.briefing.window = window }
            if let value = try briefing.positiveInt("max_stories", max: 10_000) { config.briefing.maxStories = value }
            if let value = try briefing.positiveInt("sentences_per_story", max: 1_000) { config.briefing.sentencesPerStory = value }
            if let value = try briefing.positiveInt("words_per_story", max: 100_000) { config.briefing.wordsPerStory = value }
            if let value = try briefing.duration("story_window", min: 60, max: ConfigLimits.longest) { config.briefing.storyWindow = value }
            if let value = try briefing.bool("skip_briefed") { config.briefing.skipBriefed = value }
            if let formats = try briefing.strings("formats") {
                config.briefing.formats = try formats.map { name throws(ConfigError) in
                    guard let format = OutputFormat(rawValue: name.lowercased()) else {
                        throw briefing.error("formats", "unknown format \"\(name)\" (known: md, html)")
                    }
                    return format
                }
            }
            if let keep = try briefing.positiveInt("keep", max: 1_000_000) { config.briefing.keep = keep }
            if let address = try briefing.string("base_url"), !address.isEmpty {
                guard let url = URL(string: address), SafeLink.http(url) != nil else {
                    throw briefing.error("base_url", "\"\(address)\" is not an http(s) address")
                }
                config.briefing.baseURL = url
            }
            if let templates = try briefing.string("templates"), !templates.isEmpty {
                config.briefing.templates = try briefing.folder("templates", templates, relativeTo: folder)
            }
            if let name = try briefing.string("more_section") {
                guard ConfigValues.isHeading(name) else { throw briefing.error("more_section", "must be a name of 1 to 80 characters on one line") }
                config.briefing.moreSection = name
            }
            try briefing.finish()
        }
        if var fetch = try top.table("fetch") {
            if let timeout = try fetch.duration("timeout", max: 3600) { config.fetch.timeout = timeout }
            if let size = try fetch.size("max_bytes", min: 1024, max: 1 << 30) { config.fetch.maxBytes = size }
            if let value = try fetch.positiveInt("concurrency", max: 1_000) { config.fetch.concurrency = value }
            if let agent = try fetch.string("user_agent"), !agent.isEmpty { config.fetch.userAgent = agent }
            if let allow = try fetch.bool("allow_private_pages") { config.fetch.allowPrivatePages = allow }
            if let deadline = try fetch.duration("round_deadline", min: 10, max: 86_400) { config.fetch.roundDeadline = deadline }
            try fetch.finish()
        }
        config.feeds = try readFeeds(&top, folder: folder)
        config.rules = try readRules(&top)
        config.sections = try readSections(&top)
        if var delivery = try top.table("delivery") {
            config.delivery = try readDelivery(&delivery)
            try delivery.finish()
        }
        if config.sections.contains(where: { $0.name == config.briefing.moreSection }) {
            throw top.error("sections", "a section is named \"\(config.briefing.moreSection)\", the name of the section of feeds in no other; rename it or set [briefing] more_section")
        }
        if let path = try top.string("feeds_file") { config.feedsFile = try top.folder("feeds_file", path, relativeTo: folder) }
        try top.finish()
        try readOPML(into: &config)
        return config
    }

    /// Faults the TOML parser (toml++ inside TOMLKit) does not report but stops the process on
    /// (assertions, found by fuzzing): a table header with no name ("[", "[.]", "[[ #") and a
    /// bracket closed by the other kind ("s = [}"). Headers are told from arrays by where they
    /// stand: at the start of a statement, outside any string and any value still open from the
    /// lines before. One pass, linear. Returns the line and what is wrong.
    static func structuralFault(_ text: String) -> (Int, String)? {
        let bytes = Array(text.utf8)
        var index = 0, line = 1
        var open: [UInt8] = []
        var depth: Int { open.count }
        var statementStart = true
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func skipString(quote: UInt8) {
            let triple = at(1) == quote && at(2) == quote
            index += triple ? 3 : 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A { line += 1; if !triple { return } }
                if byte == 0x5C, quote == 0x22 { index += 2; continue }
                if byte == quote, !triple || (at(1) == quote && at(2) == quote) {
                    index += triple ? 3 : 1
                    return
                }
                index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                if depth == 0 { statementStart = true }
                index += 1
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x23:  // a comment runs to the end of the line
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case 0x22, 0x27:
                statementStart = false
                skipString(quote: byte)
            case 0x5B where statementStart && depth == 0:
                // A header: `[` or `[[`, spaces, then a name (bare, quoted) — or nothing, which is the fault.
                index += at(1) == 0x5B ? 2 : 1
                while let next = at(0), next == 0x20 || next == 0x09 { index += 1 }
                let first = at(0)
                let named = first.map { $0 == 0x22 || $0 == 0x27 || $0 == 0x5D || $0 == 0x2D || $0 == 0x5F
                    || ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) } ?? false
                if !named { return (line, "a table header needs a name, like [fetch] or [[feeds]]") }
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x22, bytes[index] != 0x27 { index += 1 }
                statementStart = false
            case 0x5B, 0x7B:
                open.append(byte)
                statementStart = false
                index += 1
            case 0x5D, 0x7D:
                if let last = open.popLast(), last != (byte == 0x5D ? 0x5B : 0x7B) {
                    return (line, byte == 0x7D ? "a \"}\" closes an array opened with \"[\"" : "a \"]\" closes an inline table opened with \"{\"")
                }
                index += 1
            default:
                statementStart = false
                index += 1
            }
        }
        return nil
    }

    private static func readFeeds(_ top: inout TableReader, folder: URL) throws(ConfigError) -> [FeedSource] {
        guard let tables = try top.tables("feeds") else { return [] }
        var feeds: [FeedSource] = []
        var ids: Set<String> = []
        for var reader in tables {
            guard let raw = try reader.string("url"), !raw.isEmpty else {
                throw reader.error(nil, "every [[feeds]] needs a url")
            }
            guard let url = feedURL(raw, relativeTo: folder) else {
                throw reader.error("url", "\"\(raw)\" is not an http(s) URL, a file:// URL or a path")
            }
            var source = FeedSource(url: url)
            if let id = try reader.string("id") { source.id = id }
            if let name = try reader.string("name") { source.name = name }
            if let fullText = try reader.bool("full_text") { source.fullText = fullText }
            if let weight = try reader.number("weight") {
                guard weight >= 0, weight <= 1000 else { throw reader.error("weight", "must be from 0 to 1000, found \(weight)") }
                source.weight = weight
            }
            if let tags = try reader.strings("tags") { source.tags = tags }
            try reader.finish()
            source.makeIDUnique(in: &ids)
            feeds.append(source)
        }
        return feeds
    }

    /// The `[[rules]]`: each one `action`, `words` or `regex`, optional `in` (scopes) and `weight`.
    private static func readRules(_ top: inout TableReader) throws(ConfigError) -> [Rule] {
        guard let tables = try top.tables("rules") else { return [] }
        var rules: [Rule] = []
        for (number, var reader) in tables.enumerated() {
            guard let actionName = try reader.string("action") else { throw reader.error(nil, "every [[rules]] needs an action, \"mute\" or \"boost\"") }
            guard let action = Rule.Action(rawValue: actionName.lowercased()) else {
                throw reader.error("action", "unknown action \"\(actionName)\" (known: mute, boost)")
            }
            let words = try reader.strings("words") ?? []
            let pattern = try reader.string("regex")
            if words.isEmpty == (pattern == nil) || words.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw reader.error(pattern == nil ? "words" : "regex", "a rule matches either non-empty words or one regex")
            }
            var scopes: [Rule.Scope] = [.title, .text]
            if let names = try reader.strings("in") {
                scopes = try names.map { name throws(ConfigError) in
                    guard let scope = Rule.Scope(rawValue: name.lowercased()) else {
                        throw reader.error("in", "unknown scope \"\(name)\" (known: \(Rule.Scope.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    return scope
                }
                guard !scopes.isEmpty else { throw reader.error("in", "name at least one scope") }
            }
            var weight = 2.0
            if let value = try reader.number("weight") {
                guard action == .boost else { throw reader.error("weight", "only a boost has a weight") }
                guard value >= 1, value <= 100 else { throw reader.error("weight", "must be from 1 to 100, found \(value)") }
                weight = value
            }
            try reader.finish()
            do {
                rules.append(try Rule(action: action, words: words, pattern: pattern, scopes: scopes, weight: weight, name: "rules[\(number)]"))
            } catch {
                throw reader.error("regex", "not a valid regular expression: \(pattern ?? "")")
            }
        }
        return rules
    }

    /// The `[[sections]]`: each one a `name`, its `tags` and an optional `max_stories`.
    private static func readSections(_ top: inout TableReader) throws(ConfigError) -> [Config.Section] {
        guard let tables = try top.tables("sections") else { return [] }
        var sections: [Config.Section] = []
        for var reader in tables {
            guard let name = try reader.string("name") else { throw reader.error(nil, "every [[sections]] needs a name") }
            guard ConfigValues.isHeading(name) else { throw reader.error("name", "must be a name of 1 to 80 characters on one line") }
            guard !sections.contains(where: { $0.name == name }) else { throw reader.error("name", "two sections are named \"\(name)\"") }
            let tags = try reader.strings("tags")
            guard let tags, !tags.isEmpty, !tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw reader.error(tags == nil ? nil : "tags", "a section needs the non-empty tags (or OPML folder names) of its feeds")
            }
            let cap = try reader.positiveInt("max_stories", max: 10_000)
            try reader.finish()
            sections.append(Config.Section(name: name, tags: tags, maxStories: cap))
        }
        return sections
    }

    /// `[delivery]`: `give_up_after`, `[delivery.email]` and `[[delivery.webhook]]`.
    private static func readDelivery(_ reader: inout TableReader) throws(ConfigError) -> DeliveryOptions {
        var delivery = DeliveryOptions()
        if let after = try reader.duration("give_up_after", min: 60, max: 30 * 86_400) { delivery.giveUpAfter = after }
        if var mail = try reader.table("email") {
            guard let to = try mail.strings("to"), !to.isEmpty else { throw mail.error("to", "[delivery.email] needs the addresses to send to: to = [\"you@example.org\"]") }
            if let bad = to.first(where: { !DeliveryValues.isAddress($0) }) { throw mail.error("to", "\"\(bad.clipped(to: 80))\" is not an address like you@example.org") }
            guard to.count <= 100 else { throw mail.error("to", "at most 100 addresses") }
            guard let from = try mail.string("from") else { throw mail.error("from", "[delivery.email] needs a from address") }
            guard DeliveryValues.isAddress(from) else { throw mail.error("from", "\"\(from.clipped(to: 80))\" is not an address like digest@example.org") }
            var email = DeliveryOptions.Email(to: to, from: from)
            if let subject = try mail.string("subject") {
                guard !subject.isEmpty, subject.count <= 500, DeliveryValues.isHeaderValue(subject) else {
                    throw mail.error("subject", "must be one line of 1 to 500 characters")
                }
                if let problem = TextTemplate.problem(subject) { throw mail.error("subject", "not a valid template: \(problem)") }
                email.subject = subject
            }
            if let command = try mail.string("sendmail") {
                guard let words = DeliveryValues.words(command), !words.isEmpty else {
                    throw mail.error("sendmail", "must be a command like \"/usr/sbin/sendmail -t -i\" (a quote is left open, or it is empty)")
                }
                email.sendmail = words
            }
            try mail.finish()
            delivery.email = email
        }
        for var hook in try reader.tables("webhook") ?? [] {
            guard let raw = try hook.string("url") else { throw hook.error(nil, "every [[delivery.webhook]] needs a url") }
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  url.host?.isEmpty == false else {
                throw hook.error("url", "\"\(raw.clipped(to: 80))\" is not an http(s) URL")
            }
            var webhook = DeliveryOptions.Webhook(url: url)
            if let format = try hook.string("format") {
                guard let known = DeliveryOptions.Webhook.Format(rawValue: format.lowercased()) else {
                    throw hook.error("format", "unknown format \"\(format.clipped(to: 40))\" (known: json, text)")
                }
                webhook.format = known
            }
            for (name, value) in try hook.stringTable("headers") ?? [] {
                guard DeliveryValues.isHeaderName(name) else { throw hook.error("headers", "\"\(name.clipped(to: 60))\" is not a header name") }
                guard DeliveryValues.isHeaderValue(value) else { throw hook.error("headers", "the value of \(name) must be one line") }
                webhook.headers.append(DeliveryOptions.Header(name: name, value: value))
            }
            try hook.finish()
            guard !delivery.webhooks.contains(where: { $0.url == url }) else { throw hook.error("url", "two webhooks post to \(raw.clipped(to: 80))") }
            delivery.webhooks.append(webhook)
        }
        return delivery
    }

    /// Adds the OPML file's feeds after the config's own; ids stay unique.
    private static func readOPML(into config: inout Config) throws(ConfigError) {
        let path = config.feedsFile.path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        switch LocalFile.read(path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw ConfigError(file: path, message: failure.description)
        }
        do {
            config.opmlFeeds = try OPML.parse(data)
        } catch {
            throw ConfigError(file: path, message: "not a usable OPML file: \(error)")
        }
        var ids = Set(config.feeds.map(\.id))
        let configured = Set(config.feeds.map(\.url))
        config.opmlFeeds = config.opmlFeeds.filter { !configured.contains($0.url) }.map { feed in
            var feed = feed
            feed.makeIDUnique(in: &ids)
            return feed
        }
        config.feeds += config.opmlFeeds
    }

    /// An http(s) or file URL, or a path (relative to the config's folder) taken as a file URL.
    static func feedURL(_ raw: String, relativeTo folder: URL) -> URL? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() {
            switch scheme {
            case "http", "https": return url.host == nil ? nil : url
            case "file": return url
            default: return nil
            }
        }
        let expanded = (trimmed as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded, relativeTo: folder).standardizedFileURL
    }
}
