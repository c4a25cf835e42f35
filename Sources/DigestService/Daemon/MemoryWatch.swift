import Foundation

/// The memory of the daemon's control group, as the kernel accounts it against the unit's
/// `MemoryHigh=` and `MemoryMax=`: read from cgroup v2's `memory.current`, `memory.high`,
/// `memory.max`, `memory.peak` and `memory.events`, or cgroup v1's `memory.usage_in_bytes`,
/// `memory.limit_in_bytes`, `memory.max_usage_in_bytes` and `memory.failcnt`.
public struct CgroupMemory: Sendable, Equatable {
    /// The cgroup's folder.
    public let folder: URL
    /// Whether it is a cgroup v2 folder (else v1's memory controller).
    public let unified: Bool

    /// One reading. Sizes in bytes; nil where the file is missing or says "max".
    public struct Reading: Sendable, Equatable {
        /// In use, less the file cache the kernel can drop at once (`inactive_file`): the
        /// working set, which is what pressure and the kernel's killer act on.
        public var current: Int
        public var high: Int?
        public var max: Int?
        public var peak: Int?
        /// Times the group was throttled at `high`, hit `max`, and had a process killed (v2);
        /// on v1 only `maxEvents` (failcnt).
        public var highEvents: Int?
        public var maxEvents: Int?
        public var oomKills: Int?

        public init(current: Int, high: Int? = nil, max: Int? = nil, peak: Int? = nil, highEvents: Int? = nil, maxEvents: Int? = nil,
                    oomKills: Int? = nil) {
            self.current = current
            self.high = high
            self.max = max
            self.peak = peak
            self.highEvents = highEvents
            self.maxEvents = maxEvents
            self.oomKills = oomKills
        }

        /// The lowest limit set: where the kernel starts to act (throttle at high, reclaim and
        /// kill at max); nil when neither is set.
        public var limit: (bytes: Int, name: String)? {
            switch (high, max) {
            case let (high?, max?): high <= max ? (high, "MemoryHigh") : (max, "MemoryMax")
            case let (high?, nil): (high, "MemoryHigh")
            case let (nil, max?): (max, "MemoryMax")
            case (nil, nil): nil
            }
        }
    }

    public init(folder: URL, unified: Bool) {
        self.folder = folder
        self.unified = unified
    }

    /// The cgroup this process is in, from `/proc/self/cgroup` and the hierarchy mounted at
    /// `mount`; nil when there is no memory accounting to read.
    public static func own(cgroupFile: String = "/proc/self/cgroup", mount: URL = URL(fileURLWithPath: "/sys/fs/cgroup")) -> CgroupMemory? {
        guard let text = try? String(contentsOfFile: cgroupFile, encoding: .utf8) else { return nil }
        var candidates: [CgroupMemory] = []
        for line in text.split(separator: "\n") {
            // "hierarchy-id:controllers:path"; the path itself may hold colons.
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].hasPrefix("/"), !parts[2].contains("..") else { continue }
            let path = String(parts[2].dropFirst())
            if parts[0] == "0" && parts[1].isEmpty {
                candidates.append(CgroupMemory(folder: path.isEmpty ? mount : mount.appendingPathComponent(path), unified: true))
            } else if parts[1].split(separator: ",").contains("memory") {
                let base = mount.appendingPathComponent("memory")
                candidates.insert(CgroupMemory(folder: path.isEmpty ? base : base.appendingPathComponent(path), unified: false), at: 0)
            }
        }
        return candidates.first { $0.read() != nil }
    }

    /// The figures now; nil when the group's files cannot be read.
    public func read() -> Reading? {
        if unified {
            guard let used = Self.number(folder.appendingPathComponent("memory.current")) else { return nil }
            let cache = Self.keyed(folder.appendingPathComponent("memory.stat"))["inactive_file"] ?? 0
            var reading = Reading(current: Swift.max(0, used - cache), high: Self.number(folder.appendingPathComponent("memory.high")),
                                  max: Self.number(folder.appendingPathComponent("memory.max")),
                                  peak: Self.number(folder.appendingPathComponent("memory.peak")))
            let events = Self.keyed(folder.appendingPathComponent("memory.events"))
            reading.highEvents = events["high"]
            reading.maxEvents = events["max"]
            reading.oomKills = events["oom_kill"]
            return reading
        }
        guard let used = Self.number(folder.appendingPathComponent("memory.usage_in_bytes")) else { return nil }
        let cache = Self.keyed(folder.appendingPathComponent("memory.stat"))["total_inactive_file"] ?? 0
        return Reading(current: Swift.max(0, used - cache), max: Self.number(folder.appendingPathComponent("memory.limit_in_bytes")),
                       peak: Self.number(folder.appendingPathComponent("memory.max_usage_in_bytes")),
                       maxEvents: Self.number(folder.appendingPathComponent("memory.failcnt")))
    }

    /// A file's whole number: nil when missing, "max", or so large it means no limit (v1 writes
    /// 2^63 rounded to the page size for that).
    static func number(_ file: URL) -> Int? {
        guard let data = FileManager.default.contents(atPath: file.path), data.count < 64,
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              let value = Int(text), value >= 0, value < 1 << 60 else { return nil }
        return value
    }

    /// A file of "key value" lines (`memory.events`).
    static func keyed(_ file: URL) -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: file.path), data.count < 65_536,
              let text = String(data: data, encoding: .utf8) else { return [:] }
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Int(parts[1]), value >= 0 { values[String(parts[0])] = value }
        }
        return values
    }
}

/// Decides what the daemon says about its memory, from one reading to the next: a warning when
/// use crosses 80% of the lowest limit (said once, until it falls below 60% again), and one
/// each time the kernel has throttled the group at `MemoryHigh`, refused it at `MemoryMax` or
/// killed a process in it. It says so before the kernel acts, while there is still room.
public struct MemoryAlarm: Sendable {
    /// The share of the limit that is worth a warning, and the one that ends it.
    public static let warnAt = 0.8
    public static let clearAt = 0.6

    private var warned = false
    private var last: CgroupMemory.Reading?

    public init() {}

    /// What a reading is worth saying: (is it a warning, the line).
    public mutating func assess(_ reading: CgroupMemory.Reading) -> [(warning: Bool, line: String)] {
        var lines: [(warning: Bool, line: String)] = []
        if let (limit, name) = reading.limit, limit > 0 {
            let share = Double(reading.current) / Double(limit)
            if share >= Self.warnAt, !warned {
                warned = true
                lines.append((true, "memory: \(Self.megabytes(reading.current)) in use, \(String(format: "%.0f", share * 100))% of the \(name)= limit of "
                    + "\(Self.megabytes(limit)); a larger briefing may be throttled or stopped by the kernel: raise \(name)= "
                    + "(see README, \"Sizing\") or shorten [briefing] window"))
            } else if share < Self.clearAt, warned {
                warned = false
                lines.append((false, "memory: back to \(Self.megabytes(reading.current)) of \(Self.megabytes(limit))"))
            }
        }
        if let last {
            func grew(_ key: KeyPath<CgroupMemory.Reading, Int?>) -> Int {
                guard let now = reading[keyPath: key], let before = last[keyPath: key], now > before else { return 0 }
                return now - before
            }
            if grew(\.highEvents) > 0 {
                lines.append((true, "memory: the kernel throttled digest \(grew(\.highEvents)) times at MemoryHigh= (\(reading.high.map(Self.megabytes) ?? "?")); work slows down until memory is freed"))
            }
            if grew(\.maxEvents) > 0 {
                lines.append((true, "memory: digest reached its MemoryMax= limit (\(reading.max.map(Self.megabytes) ?? "?")) \(grew(\.maxEvents)) times; the kernel reclaims memory and kills the process if it cannot"))
            }
            if grew(\.oomKills) > 0 {
                lines.append((true, "memory: the kernel killed \(grew(\.oomKills)) processes of digest's group for lack of memory"))
            }
        }
        last = reading
        return lines
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) : "\(bytes >> 20) MB"
    }
}
