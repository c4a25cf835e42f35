import Foundation

/// What the running daemon tells `digest status` and `digest trigger`: its pid and schedule,
/// kept in `daemon.json` in the state folder, rewritten (atomically) after every event.
public struct DaemonRecord: Codable, Sendable, Equatable {
    /// The daemon's process id.
    public var pid: Int32
    /// When it started.
    public var started: Date
    /// What it does now: "idle", "fetching", "briefing" or "stopped".
    public var activity: String
    /// When its last fetch round ended.
    public var lastFetch: Date?
    /// When its next fetch round is due.
    public var nextFetch: Date?
    /// When its next scheduled briefing is due.
    public var nextBriefing: Date?
    /// How many times it has reloaded its config (HUP) since it started, and why the last
    /// reload was refused (nil when it took). `digest reload` waits for the count to grow.
    public var reloads: Int?
    public var reloadError: String?

    /// The record's file in a state folder.
    public static func file(in stateFolder: URL) -> URL { stateFolder.appendingPathComponent("daemon.json") }

    /// Writes it atomically.
    public func save(in stateFolder: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: Self.file(in: stateFolder), options: .atomic)
    }

    /// The record in a state folder, when there is a readable one.
    public static func load(from stateFolder: URL) -> DaemonRecord? {
        guard let data = try? Data(contentsOf: file(in: stateFolder)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(DaemonRecord.self, from: data)
    }

    /// Whether the process it names is alive and is a `digest` (a pid can be reused after a crash).
    public var isRunning: Bool {
        guard activity != "stopped", pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return true }
        return command.split(separator: "\0").first.map { $0.hasSuffix("digest") } ?? false
    }
}
