import DigestModel
import DigestStore
import Foundation

/// A Prometheus text-format file (for node_exporter's textfile collector) with the figures of
/// the daemon's last fetch round and briefing, and each feed's health. Written to a temporary
/// name and renamed, so the collector never reads half of it.
public struct MetricsFile: Sendable {
    /// Where it is written.
    public let file: URL

    /// One run's figures.
    public struct Run: Sendable, Equatable {
        /// "fetch" or "briefing".
        public var kind: String
        /// When it ended.
        public var ended: Date
        /// How long it took, in seconds.
        public var duration: TimeInterval
        /// Items read.
        public var items: Int
        /// Stories made (briefings only).
        public var stories: Int?

        /// Creates the figures of a run.
        public init(kind: String, ended: Date, duration: TimeInterval, items: Int, stories: Int? = nil) {
            self.kind = kind
            self.ended = ended
            self.duration = duration
            self.items = items
            self.stories = stories
        }
    }

    /// The delivery outbox's figures.
    public struct Deliveries: Sendable, Equatable {
        /// Deliveries not yet made (new or failed and tried again later).
        public var pending: Int
        /// Of those, the ones whose last try failed.
        public var failing: Int
        /// Failed tries since the daemon started.
        public var failedTries: Int

        public init(pending: Int, failing: Int, failedTries: Int) {
            self.pending = pending
            self.failing = failing
            self.failedTries = failedTries
        }
    }

    /// A writer for `file`.
    public init(file: URL) {
        self.file = file
    }

    /// The file's text for the last run of each kind and the feeds' states.
    public static func text(runs: [Run], feeds: [FeedState], deliveries: Deliveries? = nil, memory: CgroupMemory.Reading? = nil) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            guard !samples.isEmpty else { return }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for sample in samples { lines.append("\(name)\(sample.labels) \(sample.value)") }
        }
        let ordered = runs.sorted { $0.kind < $1.kind }
        metric("digest_last_run_timestamp_seconds", "When the last run of each kind ended (Unix time).",
               ordered.map { ("{kind=\"\($0.kind)\"}", String(format: "%.3f", $0.ended.timeIntervalSince1970)) })
        metric("digest_last_run_duration_seconds", "How long the last run of each kind took.",
               ordered.map { ("{kind=\"\($0.kind)\"}", String(format: "%.3f", $0.duration)) })
        metric("digest_last_run_items", "Items read by the last run of each kind.", ordered.map { ("{kind=\"\($0.kind)\"}", "\($0.items)") })
        metric("digest_last_briefing_stories", "Stories in the last briefing.",
               ordered.compactMap { run in run.stories.map { ("", "\($0)") } })
        let sorted = feeds.sorted { $0.id < $1.id }
        metric("digest_feed_errors", "Consecutive failed fetches of each feed (0 when healthy).",
               sorted.map { ("{feed=\"\(label($0.id))\"}", "\($0.errorCount)") })
        metric("digest_feed_up", "Whether each feed's last fetch succeeded (disabled feeds are 0).",
               sorted.map { ("{feed=\"\(label($0.id))\"}", $0.lastError == nil && !$0.disabled ? "1" : "0") })
        metric("digest_feeds_failing", "Feeds whose last fetch failed.", [("", "\(feeds.filter { $0.lastError != nil || $0.disabled }.count)")])
        if let deliveries {
            metric("digest_deliveries_pending", "Briefing deliveries (e-mail, webhooks) not yet made.", [("", "\(deliveries.pending)")])
            metric("digest_deliveries_failing", "Pending deliveries whose last try failed.", [("", "\(deliveries.failing)")])
            lines.append("# HELP digest_delivery_failures_total Failed delivery tries since the daemon started.")
            lines.append("# TYPE digest_delivery_failures_total counter")
            lines.append("digest_delivery_failures_total \(deliveries.failedTries)")
        }
        if let memory {
            metric("digest_memory_bytes", "Memory of the daemon's cgroup in use, less file cache it can drop (its working set).", [("", "\(memory.current)")])
            metric("digest_memory_limit_bytes", "The cgroup's memory limits (MemoryHigh=, MemoryMax=).",
                   [("{limit=\"high\"}", memory.high), ("{limit=\"max\"}", memory.max)].compactMap { label, value in value.map { (label, "\($0)") } })
            metric("digest_memory_peak_bytes", "The most memory the cgroup has used.", memory.peak.map { [("", "\($0)")] } ?? [])
            let events = [("high", memory.highEvents), ("max", memory.maxEvents), ("oom_kill", memory.oomKills)]
                .compactMap { name, value in value.map { ("{event=\"\(name)\"}", "\($0)") } }
            if !events.isEmpty {
                lines.append("# HELP digest_memory_events_total Times the kernel throttled the cgroup (high), refused it memory (max) or killed in it (oom_kill).")
                lines.append("# TYPE digest_memory_events_total counter")
                for (labels, value) in events { lines.append("digest_memory_events_total\(labels) \(value)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file atomically.
    public func write(runs: [Run], feeds: [FeedState], deliveries: Deliveries? = nil, memory: CgroupMemory.Reading? = nil) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Self.text(runs: runs, feeds: feeds, deliveries: deliveries, memory: memory).utf8).write(to: file, options: .atomic)
    }

    /// A label value with `\`, `"` and line breaks escaped, as the text format wants.
    static func label(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
