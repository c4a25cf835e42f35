import DigestService
import Foundation
import Testing

/// The daemon's view of its cgroup's memory, read from files laid out as the kernel does.
@Suite struct MemoryWatchTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-cgroup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func write(_ files: [String: String], in folder: URL) throws {
        for (name, text) in files {
            let file = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    @Test("cgroup v2: the unit's group is found from /proc/self/cgroup; use less droppable cache, limits, peak and events are read")
    func unified() throws {
        let mount = try folder()
        defer { try? FileManager.default.removeItem(at: mount) }
        let group = "system.slice/digest.service"
        try write([
            "\(group)/memory.current": "734003200\n", "\(group)/memory.high": "805306368\n", "\(group)/memory.max": "1073741824\n",
            "\(group)/memory.peak": "900000000\n", "\(group)/memory.stat": "anon 600000000\nfile 134003200\ninactive_file 100000000\n",
            "\(group)/memory.events": "low 0\nhigh 3\nmax 0\noom 0\noom_kill 0\n",
            "proc-cgroup": "0::/\(group)\n",
        ], in: mount)
        let memory = try #require(CgroupMemory.own(cgroupFile: mount.appendingPathComponent("proc-cgroup").path, mount: mount))
        #expect(memory.unified)
        let reading = try #require(memory.read())
        #expect(reading == CgroupMemory.Reading(current: 634_003_200, high: 805_306_368, max: 1_073_741_824, peak: 900_000_000,
                                                highEvents: 3, maxEvents: 0, oomKills: 0))
        #expect(reading.limit?.name == "MemoryHigh")
        try write(["\(group)/memory.high": "max\n"], in: mount)
        #expect(memory.read()?.limit?.name == "MemoryMax", "\"max\" means no limit")
    }

    @Test("cgroup v1: the memory controller's files, an unlimited limit read as none")
    func legacy() throws {
        let mount = try folder()
        defer { try? FileManager.default.removeItem(at: mount) }
        try write([
            "memory/system.slice/digest.service/memory.usage_in_bytes": "300000000\n",
            "memory/system.slice/digest.service/memory.limit_in_bytes": "9223372036854771712\n",
            "memory/system.slice/digest.service/memory.stat": "cache 1000\ntotal_inactive_file 50000000\n",
            "memory/system.slice/digest.service/memory.failcnt": "0\n",
            "proc-cgroup": "12:pids:/system.slice/digest.service\n4:memory:/system.slice/digest.service\n0::/system.slice/digest.service\n",
        ], in: mount)
        let memory = try #require(CgroupMemory.own(cgroupFile: mount.appendingPathComponent("proc-cgroup").path, mount: mount))
        #expect(!memory.unified)
        let reading = try #require(memory.read())
        #expect(reading.current == 250_000_000)
        #expect(reading.max == nil && reading.limit == nil)
        #expect(CgroupMemory.own(cgroupFile: "/nonexistent", mount: mount) == nil)
    }

    @Test("the alarm warns once at 80% of the lowest limit, clears below 60%, and reports each throttling and refusal")
    func alarm() {
        var alarm = MemoryAlarm()
        let limit = 1 << 30
        func reading(_ share: Double, high: Int = 0, max: Int = 0) -> CgroupMemory.Reading {
            CgroupMemory.Reading(current: Int(Double(limit) * share), max: limit, highEvents: high, maxEvents: max)
        }
        #expect(alarm.assess(reading(0.5)).isEmpty)
        let near = alarm.assess(reading(0.85))
        #expect(near.count == 1 && near[0].warning)
        #expect(near[0].line.contains("85% of the MemoryMax= limit of 1.0 GB"), "\(near)")
        #expect(alarm.assess(reading(0.9)).isEmpty, "said once")
        #expect(alarm.assess(reading(0.7)).isEmpty, "between the marks nothing changes")
        let cleared = alarm.assess(reading(0.4))
        #expect(cleared.map(\.warning) == [false])
        #expect(alarm.assess(reading(0.81)).count == 1, "a new episode is said again")
        let refused = alarm.assess(reading(0.5, max: 2))
        #expect(refused.contains { $0.warning && $0.line.contains("reached its MemoryMax= limit") && $0.line.contains("2 times") }, "\(refused)")
        let throttled = alarm.assess(reading(0.5, high: 1, max: 2))
        #expect(throttled.contains { $0.line.contains("throttled digest 1 times") })
        #expect(alarm.assess(reading(0.5, high: 1, max: 2)).isEmpty)
    }

    @Test("the metrics carry the memory figures")
    func metrics() {
        let text = MetricsFile.text(runs: [], feeds: [], memory: CgroupMemory.Reading(current: 100, high: 200, max: 300, peak: 250, highEvents: 1, maxEvents: 0, oomKills: 0))
        #expect(text.contains("digest_memory_bytes 100\n"))
        #expect(text.contains("digest_memory_limit_bytes{limit=\"high\"} 200\n"))
        #expect(text.contains("digest_memory_limit_bytes{limit=\"max\"} 300\n"))
        #expect(text.contains("digest_memory_peak_bytes 250\n"))
        #expect(text.contains("digest_memory_events_total{event=\"high\"} 1\n"))
    }
}
