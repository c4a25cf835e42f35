import DigestRender
import DigestService
import Foundation
import Testing

/// The files in deploy/: they are what users install, so they are checked like code.
@Suite struct DeployTests {
    static let deploy = CLITests.repository.appendingPathComponent("deploy")

    /// Every key the config reader knows, as `table.key` (top-level keys bare).
    static let keys = ["title", "output", "state", "timezone", "retention", "metrics_file", "feeds_file",
                       "schedule.briefings", "schedule.fetch_every",
                       "briefing.window", "briefing.max_stories", "briefing.sentences_per_story", "briefing.words_per_story",
                       "briefing.story_window", "briefing.skip_briefed", "briefing.formats", "briefing.templates", "briefing.keep",
                       "briefing.base_url", "fetch.timeout", "fetch.max_bytes", "fetch.concurrency", "fetch.user_agent",
                       "feeds.url", "feeds.name", "feeds.id", "feeds.full_text", "feeds.weight", "feeds.tags",
                       "rules.action", "rules.words", "rules.regex", "rules.in", "rules.weight",
                       "briefing.more_section", "sections.name", "sections.tags", "sections.max_stories",
                       "delivery.give_up_after", "delivery.email.to", "delivery.email.from", "delivery.email.subject",
                       "delivery.email.sendmail", "delivery.webhook.url", "delivery.webhook.format", "delivery.webhook.headers"]

    @Test("deploy/digest.toml is a valid config that shows every key")
    func exampleConfig() async throws {
        let file = Self.deploy.appendingPathComponent("digest.toml")
        let config = try ConfigLoader.load(file)
        #expect(config.output.path == "/var/lib/digest/briefings")
        #expect(config.schedule.briefings == ["07:00"])
        let text = try String(contentsOf: file, encoding: .utf8)
        var table = ""
        var shown: Set<String> = []
        for raw in text.split(separator: "\n") {
            let line = raw.hasPrefix("# ") ? raw.dropFirst(2) : raw[...]
            if line.hasPrefix("[") { table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")); continue }
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            if !key.contains(" ") { shown.insert(table.isEmpty ? key : "\(table).\(key)") }
        }
        for key in Self.keys { #expect(shown.contains(key), "\(key) is not in deploy/digest.toml") }
    }

    func systemdAnalyze(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        // Unit files named by path, so the working folder does not matter.
        let paths = arguments.map { $0.hasSuffix(".service") || $0.hasSuffix(".timer") ? Self.deploy.appendingPathComponent($0).path : $0 }
        let result = try await CLITests.capture(URL(fileURLWithPath: "/usr/bin/systemd-analyze"), paths)
        return (result.status, result.stdout + result.stderr)
    }

    @Test("systemd-analyze rates both services' exposure at most 1.5", arguments: ["digest.service", "digest-once.service"])
    func exposure(_ unit: String) async throws {
        let result = try await systemdAnalyze(["security", "--offline=true", "--no-pager", unit])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(result.output)")
        let score = try #require(Double(line.split(separator: ":").last!.split(separator: " ").first ?? ""))
        #expect(score <= 1.5, "\(line)")
    }

    @Test("systemd-analyze verify finds no error in the units but the binary that is not installed here")
    func verify() async throws {
        let result = try await systemdAnalyze(["verify", "digest.service", "digest-once.service", "digest.timer"])
        let problems = result.output.split(separator: "\n").filter { !$0.contains("/usr/local/bin/digest is not executable") }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("install.sh lays out binary, templates, units, user and config in a staging root; a second run keeps the edited config")
    func install() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func run() async throws -> Int32 {
            try await CLITests.capture(URL(fileURLWithPath: "/bin/sh"), [Self.deploy.appendingPathComponent("install.sh").path, "--destdir", root.path,
                                                                       "--prefix", "/opt/digest", "--binary", CLITests.binary.path,
                                                                       "--allow-toolchain-libraries"]).status
        }
        // The debug binary needs the toolchain's libraries: refused unless allowed, with the reason.
        let refused = try await CLITests.capture(URL(fileURLWithPath: "/bin/sh"), [Self.deploy.appendingPathComponent("install.sh").path, "--destdir", root.path,
                                                                                   "--binary", CLITests.binary.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("needs the Swift toolchain's libraries; build it with --static-swift-stdlib"), "\(refused.stderr)")
        #expect(try await run() == 0)
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: root.path + "/opt/digest/bin/digest"))
        for template in BriefingPublisher.requiredTemplates + ["style.html"] {
            #expect(manager.fileExists(atPath: root.path + "/opt/digest/share/digest/templates/\(template).mustache"), "\(template)")
        }
        #expect(manager.fileExists(atPath: root.path + "/opt/digest/lib/sysusers.d/digest.conf"))
        let unit = try String(contentsOfFile: root.path + "/etc/systemd/system/digest.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/digest/bin/digest run --config /etc/digest/digest.toml"))
        let config = root.path + "/etc/digest/digest.toml"
        try "title = \"Mine\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try await run() == 0)
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "title = \"Mine\"\n")
        #expect(manager.fileExists(atPath: config + ".example"))
        // The installed binary runs.
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DIGEST_TEMPLATES_DIR")
        let once = try await CLITests.capture(URL(fileURLWithPath: root.path + "/opt/digest/bin/digest"),
                                              ["once", "--config", CLITests.repository.appendingPathComponent("Examples/demo.toml").path,
                                               "--output", root.path + "/out"], environment: environment)
        #expect(once.status == 0, "\(once.stderr)")
        #expect(manager.fileExists(atPath: root.path + "/out/latest.html"))
    }
}
