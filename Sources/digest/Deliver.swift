import ArgumentParser
import DigestService
import Foundation

/// `digest deliver`: send a briefing again by e-mail and webhook.
struct Deliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a briefing to the config's [delivery] targets now, or print what each would get (--dry-run).")

    @Argument(help: "latest, a day (2026-11-22: its last briefing) or a name (2026-11-22-1830).")
    var which = "latest"

    @Flag(name: .customLong("dry-run"), help: "Print the e-mail message and the webhook requests instead of sending them.")
    var dryRun = false

    @Option(name: .long, help: "The config file (default: $DIGEST_CONFIG, ./digest.toml, ~/.config/digest/digest.toml, /etc/digest/digest.toml).")
    var config: String?

    @Option(name: .long, help: "Read the briefing from this folder instead of the config's output.")
    var output: String?

    func run() async throws {
        let status = await Commands.deliver(which, dryRun: dryRun, configPath: config, output: output,
                                            out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
