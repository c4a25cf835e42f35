import DigestRender
import DigestStore
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

extension Commands {
    /// `digest run`: the daemon, until TERM or INT. A bad config or template exits 78 before
    /// anything starts (systemd's `RestartPreventExitStatus=78` then leaves it stopped).
    public static func run(configPath: String?, output: String?, logger: Logger) async -> Status {
        let config: Config, renderer: BriefingRenderer
        do {
            (config, renderer) = try prepare(configPath: configPath)
        } catch {
            logger.critical("\(error)")
            return .config
        }
        if let record = DaemonRecord.load(from: config.state), record.isRunning, record.pid != getpid() {
            logger.critical("another digest daemon (pid \(record.pid)) already runs on \(config.state.path)")
            return .unavailable
        }
        let folder = outputOverride(output)
        // An output folder that cannot be written is found now, not at the first briefing.
        do { _ = try OutputWriter(folder: folder ?? config.output) } catch {
            logger.critical("\(error)")
            return .cannotCreate
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, renderer: renderer, configPath: configPath, output: folder, logger: logger)
        } catch {
            logger.critical("\(error)")
            return .cannotCreate
        }
        await daemon.run()
        return .ok
    }

    /// `digest trigger`: asks the running daemon for a briefing now (SIGUSR1).
    public static func trigger(configPath: String?, out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) -> Status {
        let config: Config
        do { config = try loadConfig(configPath) } catch {
            err("digest: \(error)")
            return .config
        }
        guard let record = DaemonRecord.load(from: config.state), record.isRunning else {
            err("digest: no digest daemon runs on \(config.state.path); `digest once` makes a briefing without one")
            return .unavailable
        }
        guard kill(record.pid, SIGUSR1) == 0 else {
            err("digest: cannot signal the daemon (pid \(record.pid)): \(String(cString: strerror(errno)))")
            return .noPermission
        }
        out("asked the daemon (pid \(record.pid)) for a briefing; it is written to \(config.output.path)")
        return .ok
    }

    /// `digest reload`: asks the running daemon to read its config and templates again (SIGHUP)
    /// and waits until it has: 0 when the new config took, 78 when the daemon refused it (and
    /// kept the old one), 69 when no daemon answers. systemd's `ExecReload=` runs it with
    /// `--pid $MAINPID`, so a reload needs no program outside the binary; the signal is sent
    /// even when this config cannot be read, as the daemon then says why itself.
    public static func reload(configPath: String?, pid explicitPID: Int32?, timeout: TimeInterval = 30,
                              out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) async -> Status {
        var state: URL?
        var configError: ConfigError?
        do { state = try loadConfig(configPath).state } catch { configError = error }
        let before = state.flatMap { DaemonRecord.load(from: $0) }
        let pid: Int32
        if let explicitPID {
            guard explicitPID > 1 else {
                err("digest: --pid \(explicitPID) is not a daemon's process id")
                return .usage
            }
            pid = explicitPID
        } else if let before, before.isRunning {
            pid = before.pid
        } else {
            if let configError { err("digest: \(configError)") }
            err("digest: no digest daemon runs" + (state.map { " on \($0.path)" } ?? "") + "; nothing to reload")
            return configError == nil ? .unavailable : .config
        }
        guard kill(pid, SIGHUP) == 0 else {
            err("digest: cannot signal the daemon (pid \(pid)): \(String(cString: strerror(errno)))")
            return errno == ESRCH ? .unavailable : .noPermission
        }
        // Its record says when the reload is done: the count of reloads grows.
        guard let state, let before, before.pid == pid else {
            if let configError {
                // The daemon reads the same file and refuses it the same way.
                err("digest: \(configError)")
                err("digest: the daemon (pid \(pid)) was asked to reload; it keeps its old config until this is fixed")
                return .config
            }
            out("asked the daemon (pid \(pid)) to reload")
            return .ok
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let now = DaemonRecord.load(from: state), now.pid == pid, (now.reloads ?? 0) > (before.reloads ?? 0) {
                if let problem = now.reloadError {
                    err("digest: the daemon (pid \(pid)) kept its old config: \(problem)")
                    return .config
                }
                out("the daemon (pid \(pid)) reloaded its config and templates")
                return .ok
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        err("digest: the daemon (pid \(pid)) did not confirm the reload within \(Int(timeout)) s")
        return .unavailable
    }

    /// `digest status`: whether the daemon runs, its last and next fetch round and briefing, and
    /// each feed's health.
    public static func status(configPath: String?, now: Date = Date(), out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) -> Status {
        let config: Config
        do { config = try loadConfig(configPath) } catch {
            err("digest: \(error)")
            return .config
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = config.timeZone
        formatter.dateFormat = "EEE d MMM HH:mm zzz"
        func show(_ date: Date?) -> String { date.map(formatter.string) ?? "never" }
        let record = DaemonRecord.load(from: config.state)
        if let record, record.isRunning {
            out("daemon:        running (pid \(record.pid), since \(show(record.started)), \(record.activity))")
            if let problem = record.reloadError {
                out("reload:        the last one was refused, the old config stays in use: \(problem)")
            }
            out("last fetch:    \(show(record.lastFetch))")
            out("next fetch:    \(show(record.nextFetch))")
        } else {
            out("daemon:        not running" + (record.map { " (last seen pid \($0.pid), started \(show($0.started)))" } ?? ""))
        }
        let times = DailyTimes(config.schedule.briefings, timeZone: config.timeZone)
        let store: Store
        do { store = try Store(folder: config.state) } catch {
            err("digest: \(error)")
            return .cannotCreate
        }
        out("last briefing: \(show(try? store.lastBriefing()))")
        out("next briefing: \(show(record?.isRunning == true ? record?.nextBriefing : times.next(after: now)))" + (record?.isRunning == true ? "" : " (when the daemon runs)"))
        out("output:        \(config.output.path)")
        if !config.delivery.targets.isEmpty {
            let pending = (try? store.pendingDeliveries()) ?? []
            let failed = (try? store.failedDeliveries(since: now.addingTimeInterval(-7 * 86_400))) ?? []
            let failing = failed.filter(\.isPending).count
            out("deliveries:    \(config.delivery.targets.count) targets; \(pending.count) pending, \(failing) failing"
                + (failed.contains(where: \.abandoned) ? ", \(failed.filter(\.abandoned).count) given up this week" : ""))
            for record in failed {
                let tries = record.attempts == 1 ? "1 try" : "\(record.attempts) tries"
                let next = record.abandoned ? "given up" : "next try \(show(record.nextTry))"
                out("  \(record.briefing) by \(config.delivery.label(forKey: record.target)): \(tries), \(next): \(record.lastError ?? "")")
            }
        }
        out("")
        do { out(try Subscriptions.list(config, store: store)) } catch {
            err("digest: \(error)")
            return .cannotCreate
        }
        return .ok
    }
}
