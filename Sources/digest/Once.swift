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
        // On a terminal, one progress line on stderr, rewritten in place and cleared before
        // anything else is printed; nothing at all when the output goes to a pipe or a file.
        let line = Terminal.isInteractive ? ProgressLine() : nil
        let status = await Commands.once(
            configPath: config, output: output, since: since, fetch: !noFetch,
            progress: { step in
                switch step {
                case .fetched(let done, let total): line?.show("fetching feeds: \(done)/\(total)")
                case .grouping(let articles): line?.show("making stories from \(articles) articles…")
                case .writing(let stories): line?.show("writing \(stories) stories…")
                }
            },
            out: { line?.clear(); print($0) },
            err: { line?.clear(); Output.error($0) }
        )
        line?.clear()
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// A status line on a terminal's standard error.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var shown = false

    func show(_ text: String) {
        lock.withLock {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            shown = true
        }
    }

    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }
}

/// Printing to standard error.
enum Output {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
