import DigestFetch
import DigestModel
import DigestRender
import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// Reads a received message the way a mail client does: headers unfolded, the multipart body
/// cut at its boundary, each part's quoted-printable decoded, encoded words decoded.
struct ReceivedMail {
    var headers: [(name: String, value: String)]
    var parts: [(type: String, body: String)]

    init(_ raw: String) throws {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = try #require(text.range(of: "\n\n"), "a blank line ends the headers")
        headers = Self.headers(String(text[..<split.lowerBound]))
        let body = String(text[split.upperBound...])
        let type = headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        let boundary = try #require(type.range(of: "boundary=\"").map { type[$0.upperBound...].prefix { $0 != "\"" } }, "a boundary")
        parts = []
        for chunk in body.components(separatedBy: "--\(boundary)").dropFirst() where !chunk.hasPrefix("--") {
            let partText = String(chunk.drop { $0 == "\n" })
            guard let end = partText.range(of: "\n\n") else { continue }
            let partHeaders = Self.headers(String(partText[..<end.lowerBound]))
            let partType = partHeaders.first { $0.name.lowercased() == "content-type" }?.value ?? ""
            let encoding = partHeaders.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased() ?? ""
            var content = String(partText[end.upperBound...])
            // The line break before the next boundary belongs to the boundary (RFC 2046, 5.1.1).
            if content.hasSuffix("\n") { content.removeLast() }
            if encoding == "quoted-printable" { content = Self.decodeQuotedPrintable(content) }
            parts.append((partType, content))
        }
    }

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    static func headers(_ block: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", !result.isEmpty {
                result[result.count - 1].value += String(line)
            } else if let colon = line.firstIndex(of: ":") {
                result.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return result
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
               let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A header value with its RFC 2047 `=?UTF-8?B?…?=` words decoded (folding whitespace between words dropped).
    static func decodeWords(_ value: String) -> String {
        let words = value.components(separatedBy: "?=").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard value.hasPrefix("=?") else { return value }
        return words.map { word in
            let payload = word.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "=?UTF-8?B?", with: "")
            return Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        }.joined()
    }
}

@Suite(.serialized) struct DeliveryTests {
    static let fixtures = SectionsTests.fixtures
    static let templates = PipelineTests.templates
    /// 2026-11-22T06:00:00Z: the section fixtures' news is from the day before.
    static let now = Date(timeIntervalSince1970: 1_795_327_200)

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// A folder with a config whose `[delivery]` is `delivery`, over the section fixtures.
    static func setUp(_ delivery: String, title: String = "Hafenstadt Frühbriefing", in given: URL? = nil) throws -> (folder: URL, config: Config) {
        let folder = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("digest-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = """
            title = "\(title)"
            timezone = "Europe/Berlin"
            retention = "3650d"
            [briefing]
            window = "3650d"
            skip_briefed = false
            [[feeds]]
            url = "\(fixtures.appendingPathComponent("city.xml").path)"
            name = "Harbourtown Daily"
            [[feeds]]
            url = "\(fixtures.appendingPathComponent("sport.xml").path)"
            name = "Harbourtown Sport"

            \(delivery)
            """
        let file = folder.appendingPathComponent("digest.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (folder, try ConfigLoader.load(file))
    }

    /// An msmtp config that hands mail to the sink on `port`, and the sendmail line that uses it.
    static func msmtp(port: Int, in folder: URL) throws -> String {
        let rc = folder.appendingPathComponent("msmtprc")
        try """
            account default
            host 127.0.0.1
            port \(port)
            from digest@harbourtown.example
            auth off
            tls off
            timeout 20
            """.write(to: rc, atomically: true, encoding: .utf8)
        // msmtp reads no config that others may read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: rc.path)
        return "msmtp -C \(rc.path) -t -i"
    }

    static var hasMSMTP: Bool {
        ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A sink, and a config over the fixtures that mails `to` through msmtp to it; nil (after
    /// recording why) when msmtp is not installed.
    static func mailSetUp(to: [String], title: String = "Hafenstadt Frühbriefing") async throws -> (sink: SMTPSink, folder: URL, config: Config)? {
        guard hasMSMTP else {
            Issue.record("msmtp is not installed (`apt-get install msmtp`; .ci/run installs it)")
            return nil
        }
        let sink = try await SMTPSink.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (_, config) = try setUp("""
            [delivery.email]
            to = [\(to.map { "\"\($0)\"" }.joined(separator: ", "))]
            from = "digest@harbourtown.example"
            sendmail = "\(try msmtp(port: sink.port, in: folder))"
            """, title: title, in: folder)
        return (sink, folder, config)
    }

    func pipeline(_ config: Config, store: Store, lines: Lines) throws -> Pipeline {
        Pipeline(config: config, fetcher: DispatchingFetcher(["file": FileFetcher()]), store: store,
                 renderer: try BriefingRenderer(defaults: Self.templates), report: { lines.append($0) })
    }

    func deliverer(_ config: Config, store: Store, lines: Lines, poster: (any Poster)? = nil) throws -> Deliverer {
        var deliverer = Deliverer(config: config, store: store, renderer: try BriefingRenderer(defaults: Self.templates), poster: poster,
                                  report: { lines.append($0) })
        deliverer.pause = .milliseconds(20)
        return deliverer
    }

    @Test("a briefing sent through msmtp to an SMTP server arrives as multipart/alternative: text and HTML, a Message-ID, a UTF-8 subject, every headline")
    func throughMSMTP() async throws {
        guard let (sink, folder, config) = try await Self.mailSetUp(to: ["reader@harbourtown.example", "desk@harbourtown.example"]) else { return }
        defer { Task { await sink.stop() }; try? FileManager.default.removeItem(at: folder) }
        let lines = Lines()
        let store = try Store(folder: config.state)
        let outcome = try await pipeline(config, store: store, lines: lines).runOnce(now: Self.now)
        let results = await try deliverer(config, store: store, lines: lines).deliverDue(now: Self.now)
        #expect(results.map(\.outcome) == [.delivered], "\(lines.all)")

        let received = try #require(sink.messages.withLock { $0 }.first)
        #expect(Set(received.recipients) == ["reader@harbourtown.example", "desk@harbourtown.example"])
        let mail = try ReceivedMail(received.data)
        #expect(mail.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(mail.header("MIME-Version") == "1.0")
        let messageID = try #require(mail.header("Message-ID"))
        #expect(messageID.wholeMatch(of: /<[A-Za-z0-9.\-]+@harbourtown\.example>/) != nil, "\(messageID)")
        #expect(ReceivedMail.decodeWords(try #require(mail.header("Subject"))) == "Hafenstadt Frühbriefing — Sunday 22 November 2026")
        #expect(mail.header("Subject")?.hasPrefix("=?UTF-8?B?") == true, "a non-ASCII subject is encoded")
        #expect(mail.header("List-Id")?.contains("<hafenstadt-fr-hbriefing.harbourtown.example>") == true, "\(mail.header("List-Id") ?? "")")
        #expect(mail.header("Date")?.hasSuffix("+0100") == true)
        #expect(mail.parts.map(\.type) == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        for story in outcome.briefing.stories {
            #expect(mail.parts[1].body.contains(story.headline), "the HTML part has \(story.headline)")
            #expect(mail.parts[0].body.contains(story.headline.prefix(30)), "the text part has \(story.headline)")
        }
        #expect(!mail.parts[1].body.contains("<style"), "the HTML part's CSS is inline")
        #expect(received.data.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 998 })
        // Delivered once: a later run sends nothing more.
        #expect(await try deliverer(config, store: store, lines: lines).deliverDue(now: Self.now.addingTimeInterval(86_400)).isEmpty)
    }

    @Test("a refused message is reported in status and the next briefing's health, kept, and a later run delivers it")
    func refusedThenDelivered() async throws {
        guard let (sink, folder, config) = try await Self.mailSetUp(to: ["reader@harbourtown.example"], title: "Harbourtown Briefing") else { return }
        defer { Task { await sink.stop() }; try? FileManager.default.removeItem(at: folder) }
        sink.refusal.withLock { $0 = "554 5.7.1 message refused by policy" }
        let lines = Lines()
        let store = try Store(folder: config.state)
        let first = try await pipeline(config, store: store, lines: lines).runOnce(now: Self.now)
        let name = try #require(first.written.first?.deletingPathExtension().lastPathComponent)
        var deliverer = try deliverer(config, store: store, lines: lines)
        deliverer.triesPerAttempt = 2
        let failed = await deliverer.deliverDue(now: Self.now)
        guard case .failed(let message, false) = try #require(failed.first?.outcome) else {
            Issue.record("not a failure to try again: \(failed)")
            return
        }
        #expect(message.contains("msmtp exited with status"), "\(message)")
        #expect(sink.messages.withLock { $0 }.isEmpty)
        #expect(lines.all.contains { $0.contains("delivery of \(name) by e-mail to reader@harbourtown.example failed (1 try)") }, "\(lines.all)")

        // `digest status` shows it.
        let status = try await CLITests.capture(CLITests.binary, ["status", "--config", config.file.path])
        #expect(status.stdout.contains("deliveries:    1 targets; 1 pending, 1 failing"), "\(status.stdout)")
        #expect(status.stdout.contains("\(name) by e-mail to reader@harbourtown.example: 1 try, next try"), "\(status.stdout)")

        // The next briefing, a minute later, says so.
        let later = Self.now.addingTimeInterval(60)
        let second = try await pipeline(config, store: store, lines: lines).runOnce(now: later)
        #expect(second.briefing.health.deliveryFailures.map(\.briefing) == [name])
        let markdown = try String(contentsOf: try #require(second.written.first { $0.pathExtension == "md" }), encoding: .utf8)
        #expect(markdown.contains("Not delivered:\n\n- **e-mail to reader@harbourtown.example**, briefing \(name) (1 try): msmtp exited"), "\(markdown)")

        // Before its time nothing is tried; once due, both briefings go out.
        sink.refusal.withLock { $0 = nil }
        let early = await deliverer.deliverDue(now: later)
        #expect(early.map(\.record.briefing) == [second.written[0].deletingPathExtension().lastPathComponent], "only the new one is due")
        let results = await deliverer.deliverDue(now: later.addingTimeInterval(Deliverer.backoffAfterFirstFailure + 1))
        #expect(results.map(\.record.briefing) == [name])
        #expect(results.map(\.outcome) == [.delivered])
        #expect(sink.messages.withLock { $0 }.count == 2)
        #expect(try store.pendingDeliveries().isEmpty)
        let third = try await pipeline(config, store: store, lines: lines).runOnce(now: later.addingTimeInterval(7200))
        #expect(third.briefing.health.deliveryFailures.isEmpty, "a delivered briefing is no longer reported")
    }

    @Test("a webhook gets the briefing's JSON: a 500 first, then success on the retry")
    func webhookRetries() async throws {
        let calls = Mutex(0)
        let server = try await TestHTTPServer.start { _ in
            calls.withLock { $0 += 1; return $0 } == 1 ? .init(status: .internalServerError) : .init(status: .ok)
        }
        defer { Task { await server.stop() } }
        let (folder, config) = try Self.setUp("""
            [[delivery.webhook]]
            url = "\(server.url("/hooks/briefing").absoluteString)"
            headers = { Authorization = "Bearer s3cret" }
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Lines()
        let store = try Store(folder: config.state)
        let outcome = try await pipeline(config, store: store, lines: lines).runOnce(now: Self.now)
        let http = HTTPFetcher()
        let results = await try deliverer(config, store: store, lines: lines, poster: http).deliverDue(now: Self.now)
        await http.shutdown()
        #expect(results.map(\.outcome) == [.delivered], "\(lines.all)")
        let requests = server.requests.withLock { $0 }
        #expect(requests.map(\.method) == [.POST, .POST])
        #expect(requests.map(\.uri) == ["/hooks/briefing", "/hooks/briefing"])
        #expect(requests.last?.headers["Authorization"] == ["Bearer s3cret"])
        #expect(requests.last?.headers["Content-Type"] == ["application/json; charset=utf-8"])
        let body = try #require(server.bodies.withLock { $0 }.last)
        let context = try JSONDecoder().decode(BriefingContext.self, from: Data(body))
        #expect(context.stories.map(\.headline) == outcome.briefing.stories.map(\.headline))
        #expect(try store.pendingDeliveries().isEmpty)
    }

    @Test("a text webhook posts the plain briefing with its title in a header; a 404 is given up at once")
    func textWebhook() async throws {
        let server = try await TestHTTPServer.start { head in head.uri == "/gone" ? .init(status: .notFound) : .init(status: .ok) }
        defer { Task { await server.stop() } }
        let (folder, config) = try Self.setUp("""
            [[delivery.webhook]]
            url = "\(server.url("/topic").absoluteString)"
            format = "text"

            [[delivery.webhook]]
            url = "\(server.url("/gone").absoluteString)"
            """, title: "Harbourtown Briefing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Lines()
        let store = try Store(folder: config.state)
        _ = try await pipeline(config, store: store, lines: lines).runOnce(now: Self.now)
        let http = HTTPFetcher()
        let results = await try deliverer(config, store: store, lines: lines, poster: http).deliverDue(now: Self.now)
        await http.shutdown()
        #expect(results.count == 2)
        #expect(results.first { $0.record.target.hasSuffix("/topic") }?.outcome == .delivered)
        let gone = try #require(results.first { $0.record.target.hasSuffix("/gone") })
        #expect(gone.record.abandoned, "a 404 is not tried again")
        #expect(server.paths.filter { $0 == "/gone" }.count == 1)
        let topic = try #require(server.requests.withLock { $0 }.firstIndex { $0.uri == "/topic" })
        let head = server.requests.withLock { $0 }[topic]
        #expect(head.headers["Title"].map(ReceivedMail.decodeWords) == ["Harbourtown Briefing — Sunday 22 November 2026"], "an RFC 2047 title, as ntfy reads it")
        let text = String(decoding: server.bodies.withLock { $0 }[topic], as: UTF8.self)
        #expect(text.hasPrefix("Harbourtown Briefing\n"))
        #expect(text.contains("Fire at the tram depot put out before dawn"))
    }

    @Test("`digest deliver --dry-run` prints the message and sends nothing; without targets it says there are none")
    func dryRun() async throws {
        let (folder, config) = try Self.setUp("""
            [delivery.email]
            to = ["reader@harbourtown.example"]
            from = "digest@harbourtown.example"
            sendmail = "/nonexistent/sendmail -t"
            subject = "{{title}}: {{health.storyCount}} stories"
            """, title: "Harbourtown Briefing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let once = try await CLITests.capture(CLITests.binary, ["once", "--config", config.file.path])
        #expect(once.stderr.contains("the sendmail command \"/nonexistent/sendmail\" was not found"), "\(once.stderr)")
        #expect(once.status == 0, "a failed delivery does not fail the briefing")
        let dry = try await CLITests.capture(CLITests.binary, ["deliver", "latest", "--dry-run", "--config", config.file.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("== e-mail to reader@harbourtown.example, through /nonexistent/sendmail -t"))
        #expect(dry.stdout.contains("Subject: Harbourtown Briefing: 5 stories\n"))
        #expect(dry.stdout.contains("Content-Type: multipart/alternative; boundary="))
        let send = try await CLITests.capture(CLITests.binary, ["deliver", "--config", config.file.path])
        #expect(send.status == 1)
        #expect(send.stderr.contains("failed (2 tries)"), "the one from `once` and this one: \(send.stderr)")

        let (plain, plainConfig) = try Self.setUp("")
        defer { try? FileManager.default.removeItem(at: plain) }
        let none = try await CLITests.capture(CLITests.binary, ["deliver", "--config", plainConfig.file.path])
        #expect(none.status == 78)
        #expect(none.stderr.contains("nothing to deliver to"))
    }

    @Test("delivery keys are checked when the config loads, with file, line and key", arguments: [
        ("[delivery.email]\nto = [\"not an address\"]\nfrom = \"a@b.example\"\n", "delivery.email.to", 2),
        ("[delivery.email]\nto = [\"a@b.example\"]\n", "delivery.email.from", 1),
        ("[delivery.email]\nto = [\"a@b.example\"]\nfrom = \"a@b.example\"\nsubject = \"{{#title}}\"\n", "delivery.email.subject", 4),
        ("[delivery.email]\nto = [\"a@b.example\"]\nfrom = \"a@b.example\"\nsendmail = \"'open\"\n", "delivery.email.sendmail", 4),
        ("[[delivery.webhook]]\nurl = \"ftp://x.example/\"\n", "delivery.webhook[0].url", 2),
        ("[[delivery.webhook]]\nurl = \"https://x.example/\"\nformat = \"xml\"\n", "delivery.webhook[0].format", 3),
        ("[[delivery.webhook]]\nurl = \"https://x.example/\"\nheaders = { \"Bad Name\" = \"x\" }\n", "delivery.webhook[0].headers", 3),
        ("[delivery]\ngive_up_after = \"10s\"\n", "delivery.give_up_after", 2),
    ])
    func badDelivery(_ text: String, key: String, line: Int) throws {
        do {
            _ = try ConfigLoader.parse(text, file: URL(fileURLWithPath: "/tmp/delivery.toml"))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.line == line, "\(error)")
        }
    }
}

@Suite struct MailMessageTests {
    static func context() -> BriefingContext {
        var briefing = Briefing(title: "Zürich Morgen", periodStart: Date(timeIntervalSince1970: 1_795_240_800),
                                periodEnd: Date(timeIntervalSince1970: 1_795_327_200), generatedAt: Date(timeIntervalSince1970: 1_795_327_200),
                                stories: [], health: Health())
        briefing.stories = [Story(id: "s", headline: "Straßenbahn fährt wieder", articles: [], sentences: [])]
        return BriefingContext(briefing, timeZone: TimeZone(identifier: "Europe/Zurich")!)
    }

    @Test("quoted-printable: lines of at most 76, soft breaks, '=' and 8-bit bytes encoded, trailing space kept, and it decodes to the text")
    func quotedPrintable() throws {
        let text = "Café = 3 € and a very long line " + String(repeating: "wörd ", count: 40) + "\n.leading dot\nFrom the desk\ntrailing space \n"
        let mail = MailMessage(context: Self.context(), name: "2026-11-22", folder: URL(fileURLWithPath: "/tmp/out"),
                               email: .init(to: ["a@b.example"], from: "digest@b.example"), textBody: text, htmlBody: "<p>x</p>",
                               timeZone: TimeZone(identifier: "Europe/Zurich")!)
        let lines = mail.text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 || $0.hasPrefix("Content-Type: multipart") }, "\(lines.filter { $0.utf8.count > 76 })")
        #expect(lines.contains(".leading dot") == false && lines.contains("=2Eleading dot"))
        #expect(lines.contains("=46rom the desk"))
        #expect(lines.contains("trailing space=20"))
        let received = try ReceivedMail(mail.text)
        #expect(received.parts.first?.body == text.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(ReceivedMail.decodeWords(try #require(received.header("From"))).hasPrefix("Zürich Morgen"))
    }

    @Test("a long non-ASCII subject becomes encoded words of at most 75 characters, whole characters each")
    func encodedWords() {
        let subject = String(repeating: "Überschwemmung im Tal — ", count: 6)
        let encoded = MailMessage.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(ReceivedMail.decodeWords(encoded) == subject)
    }

    @Test("the Message-ID is the same for the same briefing and differs for another")
    func stableMessageID() {
        func id(_ name: String) -> String {
            MailMessage(context: Self.context(), name: name, folder: URL(fileURLWithPath: "/tmp/out"),
                        email: .init(to: ["a@b.example"], from: "digest@b.example"), textBody: "t", htmlBody: "h",
                        timeZone: .gmt).messageID
        }
        #expect(id("2026-11-22") == id("2026-11-22"))
        #expect(id("2026-11-22") != id("2026-11-22-1830"))
    }
}
