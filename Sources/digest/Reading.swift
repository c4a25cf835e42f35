import ArgumentParser
import DigestService
import Foundation

/// `digest list`: the briefings of the output folder.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the briefings written so far, newest first: name, stories, top headline.")

    @Option(name: .long, help: "The config file (its output folder is listed).")
    var config: String?

    @Option(name: .long, help: "List this folder instead of the config's output.")
    var output: String?

    func run() throws {
        let status = Commands.list(configPath: config, output: output, out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `digest show`: one briefing, for reading in a terminal.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a briefing: wrapped to the terminal (bold headlines on a terminal), or its Markdown or HTML.")

    @Argument(help: "latest, a day (2026-11-22: its last briefing), a name (2026-11-22-1830) or the path of a briefing's file.")
    var which = "latest"

    @Option(name: .long, help: "text, md or html.")
    var format: String = "text"

    @Option(name: .long, help: "The config file (its output folder is read).")
    var config: String?

    @Option(name: .long, help: "Read this folder instead of the config's output.")
    var output: String?

    func run() throws {
        guard let format = Commands.ShowFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format must be text, md or html, not \"\(format)\"")
        }
        let terminal = isatty(STDOUT_FILENO) == 1
        let status = Commands.show(which, format: format, configPath: config, output: output,
                                   width: Terminal.columns(), bold: terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                                   out: { print($0, terminator: "") }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// The terminal the output goes to.
enum Terminal {
    /// The width to wrap text at: the terminal's, else `$COLUMNS`, else 80; at most 100, for reading.
    static func columns() -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return min(100, Int(size.ws_col))
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return min(100, columns)
        }
        return 80
    }

    /// Whether both standard output and standard error are terminals (a person is watching).
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }
}
