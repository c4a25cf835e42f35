import DigestService
import DigestStore
import DigestTestSupport
import Foundation
import Glibc
import Logging
import Synchronization
import Testing

/// A datagram socket bound where `$NOTIFY_SOCKET` points, as systemd's would be.
final class NotifyListener {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil after `timeout` seconds. It polls and sleeps the task rather
    /// than block one of the test runner's few threads.
    func receive(timeout: TimeInterval) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            try? await Task.sleep(for: .milliseconds(20))
        } while Date() < deadline
        return nil
    }

    /// Waits for a datagram holding `field` (e.g. "READY=1"); returns it, or nil after `timeout`.
    func waitFor(_ field: String, timeout: TimeInterval) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = await receive(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if message.split(separator: "\n").contains(Substring(field)) { return message }
        }
        return nil
    }
}

@Suite(.serialized) struct DaemonTests {
    func writeConfig(_ file: URL, fetchEvery: String = "1h", extra: String = "") throws {
        let feed = CLITests.repository.appendingPathComponent("Examples/feeds/courier.xml").path
        try """
        title = "Daemon"
        output = "out"
        state = "state"
        timezone = "Europe/Berlin"
        retention = "3650d"
        metrics_file = "metrics/digest.prom"
        [schedule]
        briefings = ["07:00"]
        fetch_every = "\(fetchEvery)"
        [briefing]
        window = "3650d"
        skip_briefed = false
        [[feeds]]
        url = "\(feed)"
        name = "Courier"

        \(extra)
        """.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("the daemon sends a briefing it made to its webhook, trying again after a 500, and says so in its log and metrics")
    func delivers() async throws {
        let calls = Mutex(0)
        let server = try await TestHTTPServer.start { _ in
            calls.withLock { $0 += 1; return $0 } == 1 ? .init(status: .internalServerError) : .init(status: .noContent)
        }
        defer { Task { await server.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try writeConfig(config, extra: "[[delivery.webhook]]\nurl = \"\(server.url("/hook").absoluteString)\"\n")
        let stderrFile = folder.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "JOURNAL_STREAM")
        let process = try CLITests.launch(["run", "--config", config.path], environment: environment, stderr: try FileHandle(forWritingTo: stderrFile))
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func log() -> String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }
        for _ in 0..<100 where !log().contains("fetch round") { try await Task.sleep(for: .milliseconds(50)) }
        kill(process.processIdentifier, SIGUSR1)
        for _ in 0..<300 where !log().contains("delivered") { try await Task.sleep(for: .milliseconds(50)) }
        #expect(log().contains("delivered (webhook:\(server.url("/hook").absoluteString))"), "\(log())")
        #expect(server.requests.withLock { $0 }.map(\.method) == [.POST, .POST])
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics/digest.prom"), encoding: .utf8)
        #expect(metrics.contains("digest_deliveries_pending 0\n"), "\(metrics)")
        #expect(metrics.contains("digest_deliveries_failing 0\n"))
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(process.terminationStatus == 0)
    }

    @Test("`digest run` under a fake systemd: READY, watchdog pings, SIGUSR1 briefs, SIGHUP with a broken config keeps running, SIGTERM stops with STOPPING and exit 0")
    func endToEnd() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try writeConfig(config)
        let listener = try NotifyListener(path: folder.appendingPathComponent("notify.sock").path)

        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = listener.path
        environment["WATCHDOG_USEC"] = "2000000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        environment.removeValue(forKey: "JOURNAL_STREAM")
        let stderrFile = folder.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let process = try CLITests.launch(["run", "--config", config.path], environment: environment, stderr: try FileHandle(forWritingTo: stderrFile))
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func log() -> String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        let ready = await listener.waitFor("READY=1", timeout: 20)
        try #require(ready != nil, "no READY=1; stderr: \(log())")
        #expect(ready!.contains("STATUS=next briefing 07:00; 1 feeds"))
        #expect(await listener.waitFor("WATCHDOG=1", timeout: 3) != nil, "no watchdog ping within 3 s")
        #expect(await listener.waitFor("WATCHDOG=1", timeout: 3) != nil, "pings keep coming")

        // SIGUSR1: a briefing now.
        kill(process.processIdentifier, SIGUSR1)
        let out = folder.appendingPathComponent("out")
        var briefed = false
        for _ in 0..<100 where !briefed {
            briefed = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains("feed.xml")
            if !briefed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(briefed, "no briefing after SIGUSR1; stderr: \(log())")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("metrics/digest.prom").path))

        // SIGHUP with a broken config: reported, the old one kept, still running and pinging.
        try "title = \n".write(to: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        #expect(await listener.waitFor("RELOADING=1", timeout: 5) != nil)
        #expect(await listener.waitFor("READY=1", timeout: 5) != nil)
        #expect(process.isRunning)
        #expect(await listener.waitFor("WATCHDOG=1", timeout: 3) != nil)
        #expect(log().contains("reload failed, the old config stays in use"), "\(log())")

        // SIGTERM: STOPPING=1, exit 0 in time.
        kill(process.processIdentifier, SIGTERM)
        #expect(await listener.waitFor("STOPPING=1", timeout: 5) != nil)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 10 s after SIGTERM")
        #expect(process.terminationStatus == 0, "stderr: \(log())")
        let record = DaemonRecord.load(from: folder.appendingPathComponent("state"))
        #expect(record?.activity == "stopped")
    }

    @Test("memory freed between rounds goes back to the system even when a few blocks stay alive among it")
    func freedMemoryReturns() throws {
        func residentMB() -> Double {
            let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
            return Double(fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
        }
        // 200 MB in small blocks, one in 64 kept: the freed pages sit between live ones, where
        // free() alone leaves them resident.
        var blocks: [UnsafeMutableRawPointer?] = (0..<800_000).map { _ in
            let block = malloc(256)
            if let block { memset(block, 1, 256) }
            return block
        }
        for index in blocks.indices where index % 64 != 0 {
            free(blocks[index])
            blocks[index] = nil
        }
        let before = residentMB()
        Daemon.returnFreedMemory()
        let after = residentMB()
        for block in blocks { free(block) }
        // Other suites allocate meanwhile; a hundred megabytes stands out from them.
        #expect(before - after > 100, "resident \(before) MB before, \(after) MB after")
    }

    @Test("`digest trigger` asks the running daemon for a briefing; `digest status` says it runs; without a daemon both say so")
    func triggerAndStatus() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-trigger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try writeConfig(config)
        let cli = CLITests()
        let idle = try await cli.digest(["trigger", "--config", config.path])
        #expect(idle.status == 69)
        #expect(idle.stderr.contains("no digest daemon runs"))

        let process = try CLITests.launch(["run", "--config", config.path])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let state = folder.appendingPathComponent("state")
        for _ in 0..<100 where DaemonRecord.load(from: state) == nil { try await Task.sleep(for: .milliseconds(100)) }
        let status = try await cli.digest(["status", "--config", config.path])
        #expect(status.stdout.contains("daemon:        running (pid \(process.processIdentifier)"), "\(status.stdout)")
        #expect(status.stdout.contains("courier"))
        let second = try await cli.digest(["run", "--config", config.path])
        #expect(second.status == 69, "a second daemon on one state folder refuses to start")
        let trigger = try await cli.digest(["trigger", "--config", config.path])
        #expect(trigger.status == 0, "\(trigger.stderr)")
        var briefed = false
        for _ in 0..<100 where !briefed {
            briefed = FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/latest.md").path)
            if !briefed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(briefed)

        // `digest reload` waits for the daemon: 0 when the new config took, 78 when it is wrong.
        let reload = try await cli.digest(["reload", "--config", config.path])
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(reload.stdout.contains("the daemon (pid \(process.processIdentifier)) reloaded its config and templates"))
        let good = try String(contentsOf: config, encoding: .utf8)
        try good.replacingOccurrences(of: "fetch_every = \"1h\"", with: "fetch_every = \"soon\"").write(to: config, atomically: true, encoding: .utf8)
        let refused = try await cli.digest(["reload", "--config", config.path, "--pid", "\(process.processIdentifier)"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("digest.toml:"), "the config's own error is named: \(refused.stderr)")
        #expect(refused.stderr.contains("keeps its old config"), "\(refused.stderr)")
        #expect(process.isRunning)
        try good.write(to: config, atomically: true, encoding: .utf8)
        // Until a reload takes, `digest status` says the last one was refused (once the daemon has
        // handled the signal: with --pid and an unreadable config, reload cannot wait for it).
        var refusedStatus = ""
        for _ in 0..<100 where !refusedStatus.contains("reload:") {
            refusedStatus = try await cli.digest(["status", "--config", config.path]).stdout
            if !refusedStatus.contains("reload:") { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(refusedStatus.contains("reload:        the last one was refused, the old config stays in use:"), "\(refusedStatus)")
        #expect(try await cli.digest(["reload", "--config", config.path]).status == 0)
        #expect(try await !cli.digest(["status", "--config", config.path]).stdout.contains("reload:"), "a reload that took clears it")
        #expect(try await cli.digest(["reload", "--config", config.path, "--pid", "1"]).status == 64)

        kill(process.processIdentifier, SIGTERM)
        await CLITests.finish(process)
        #expect(process.terminationStatus == 0)
        let after = try await cli.digest(["status", "--config", config.path])
        #expect(after.stdout.contains("daemon:        not running"))
        let none = try await cli.digest(["reload", "--config", config.path])
        #expect(none.status == 69)
        #expect(none.stderr.contains("no digest daemon runs"))
    }

    @Test("`digest once` while another process holds the briefing lock waits for it and says so")
    func onceWaitsForLock() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try writeConfig(config)
        // Held by another process: flock locks belong to open files, so a child `flock` holds it.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("state"), withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [folder.appendingPathComponent("state/briefing.lock").path, "sleep", "3"]
        try holder.run()
        try await Task.sleep(for: .milliseconds(300))
        let started = Date()
        let result = try await CLITests().digest(["once", "--config", config.path])
        await CLITests.finish(holder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("a briefing is in progress"))
        #expect(Date().timeIntervalSince(started) >= 1.2, "it waited for the holder")
    }

    @Test("journald lines carry <N> priorities; elsewhere a time and level; one event is one line")
    func logLines() {
        let lines = Mutex<[String]>([])
        var journal = Logger(label: "digest") { LineLogHandler(label: $0, level: .debug, journal: true) { line in lines.withLock { $0.append(line) } } }
        journal.error("feed X failed")
        journal.debug("two\nlines")
        journal.logLevel = .info
        journal.debug("hidden")
        let plain = Logger(label: "digest") { LineLogHandler(label: $0, journal: false) { line in lines.withLock { $0.append(line) } } }
        plain.warning("careful")
        let all = lines.withLock { $0 }
        #expect(all.count == 3)
        #expect(all[0] == "<3>feed X failed")
        #expect(all[1] == "<7>two ⏎ lines")
        #expect(all[2].hasSuffix(" warning: careful"))
    }

    @Test("the notifier speaks to path and abstract sockets, and only pings the watchdog for its own pid")
    func notifier() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let listener = try NotifyListener(path: folder.appendingPathComponent("n.sock").path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "3000000"], pid: 42)
        #expect(notifier.send("READY=1", "STATUS=ok"))
        #expect(await listener.receive(timeout: 2) == "READY=1\nSTATUS=ok")
        #expect(notifier.watchdogInterval == 1.5)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "7"], pid: 42).watchdogInterval == nil)
        #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
        // The abstract namespace: "@name" is a name starting with a zero byte.
        let name = "digest-test-\(UUID().uuidString)"
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = [0] + Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in bytes.enumerated() { raw[index] = byte } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        try #require(bound == 0)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name]).send("WATCHDOG=1"))
        var buffer = [UInt8](repeating: 0, count: 64)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 2000) == 1)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer[..<max(0, count)], as: UTF8.self) == "WATCHDOG=1")
    }

    @Test("the metrics file is valid text format with each feed's health")
    func metrics() async throws {
        var failing = DigestStore.FeedState(id: "bad \"one\"", configuredURL: URL(fileURLWithPath: "/x"))
        failing.lastError = "HTTP 500"
        failing.errorCount = 3
        let text = MetricsFile.text(runs: [MetricsFile.Run(kind: "briefing", ended: Date(timeIntervalSince1970: 100), duration: 1.5, items: 7, stories: 4)],
                                    feeds: [failing, DigestStore.FeedState(id: "good", configuredURL: URL(fileURLWithPath: "/y"))])
        #expect(text.contains("digest_last_run_timestamp_seconds{kind=\"briefing\"} 100.000\n"))
        #expect(text.contains("digest_last_briefing_stories 4\n"))
        #expect(text.contains("digest_feed_errors{feed=\"bad \\\"one\\\"\"} 3\n"))
        #expect(text.contains("digest_feed_up{feed=\"good\"} 1\n"))
        #expect(text.contains("digest_feeds_failing 1\n"))
        #expect(!text.contains("deliver"), "no delivery figures without delivery")
        let delivering = MetricsFile.text(runs: [], feeds: [], deliveries: .init(pending: 2, failing: 1, failedTries: 5))
        #expect(delivering.contains("digest_deliveries_pending 2\n"))
        #expect(delivering.contains("digest_deliveries_failing 1\n"))
        #expect(delivering.contains("# TYPE digest_delivery_failures_total counter\ndigest_delivery_failures_total 5\n"))
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: " ").count >= 2 && Double(line.split(separator: " ").last!) != nil, "\(line)")
        }
    }
}
