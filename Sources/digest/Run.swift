import ArgumentParser
import DigestService
import Foundation
import Logging

/// `digest run`: the daemon.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run as a service: fetch on schedule, brief at the configured times (systemd's ExecStart).",
        discussion: "Signals: TERM/INT stop, HUP reloads the config and templates, USR1 makes a briefing now.")

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Option(name: .long, help: "Write briefings to this folder instead of the config's output.")
    var output: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let logger = Logger(label: "digest") { LineLogHandler(label: $0, level: level) }
        let status = await Commands.run(configPath: config, output: output, logger: logger)
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `digest trigger`: a briefing now, from the running daemon.
struct Trigger: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Ask the running daemon for a briefing now.")

    @Option(name: .long, help: "The config file (its state folder names the daemon).")
    var config: String?

    func run() throws {
        let status = Commands.trigger(configPath: config, out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `digest status`: the daemon and the feeds.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show whether the daemon runs, the last and next briefing and fetch, and each feed's health.")

    @Option(name: .long, help: "The config file.")
    var config: String?

    func run() throws {
        let status = Commands.status(configPath: config, out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `digest reload`: the daemon reads its config again.
struct Reload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the running daemon to reload its config and templates, and wait until it has (systemd's ExecReload).",
        discussion: "Exits 0 when the new config took, 78 when the daemon kept the old one because the new one is wrong, 69 when no daemon answers.")

    @Option(name: .long, help: "The config file (its state folder names the daemon).")
    var config: String?

    @Option(name: .long, help: "The daemon's process id (systemd passes $MAINPID); default: the one in the state folder.")
    var pid: Int32?

    func run() async throws {
        let status = await Commands.reload(configPath: config, pid: pid, out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
