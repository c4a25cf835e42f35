import Foundation
import Logging

/// swift-log's events as one line each on standard error. Under systemd (`JOURNAL_STREAM` is
/// set when stderr goes to the journal) each line starts with the syslog priority in angle
/// brackets, `<3>` for an error, which journald turns into the entry's level and strips; the
/// journal adds its own time stamp. Elsewhere a line starts with the time in UTC and the level.
public struct LineLogHandler: LogHandler {
    /// The event's source, added to every line as `[label]` when not "digest".
    public let label: String
    /// Whether lines carry `<N>` priorities instead of a time stamp.
    public let journal: Bool
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let write: @Sendable (String) -> Void

    /// A handler at `level`; `journal` defaults to whether `JOURNAL_STREAM` is set; `write`
    /// receives each line (default: standard error).
    public init(label: String, level: Logger.Level = .info, journal: Bool? = nil,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.label = label
        logLevel = level
        self.journal = journal ?? (ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false)
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The syslog priority of a level (sd-daemon(3)).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let suffix = fields.isEmpty ? "" : " " + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let source = label == "digest" ? "" : "[\(label)] "
        // One event, one line: a message with line breaks must not look like several events.
        let text = (source + "\(event.message)" + suffix).replacingOccurrences(of: "\n", with: " ⏎ ")
        if journal {
            write("<\(Self.priority(event.level))>\(text)")
        } else {
            write("\(Date().ISO8601Format()) \(event.level): \(text)")
        }
    }
}
