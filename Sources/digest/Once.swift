import ArgumentParser
import DigestService
import Foundation

/// `digest once`: one briefing now.
struct Once: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make one briefing now and print the paths of the files written."
    )

    @Option(name: .long, help: "The config file (default: $DIGEST_CONFIG, ./digest.toml, ~/.config/digest/digest.toml, /etc/digest/digest.toml).")
    var config: String?

    @Option(name: .long, help: "Write the briefing to this folder instead of the config's output.")
    var output: String?

    @Option(name: .long, help: "Cover this period before now instead of the config's window (\"24h\", \"2d\").")
    var since: String?

    @Flag(name: .customLong("no-fetch"), help: "Brief from what was already read; fetch nothing.")
    var noFetch = false

    func run() async throws {
        let status = await Commands.once(
            configPath: config, output: output, since: since, fetch: !noFetch,
            out: { print($0) },
            err: { Output.error($0) }
        )
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// Printing to standard error.
enum Output {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
