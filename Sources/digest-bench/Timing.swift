import Foundation

/// Times closures by the CPU time of the calling thread, which the hypervisor's steal and the
/// other processes on a shared machine do not inflate the way they inflate wall time.
struct Timing {
    var runs: Int

    /// The median CPU seconds of `body`, after one warm-up run.
    func median(_ body: () throws -> Void) throws -> Double {
        try withoutActuallyEscaping(body) { try medians([$0])[0] }
    }

    /// The median CPU seconds of each body, run in turn within every round so that all of them
    /// see the same machine conditions.
    func medians(_ bodies: [() throws -> Void]) throws -> [Double] {
        for body in bodies { try body() }
        var samples = Array(repeating: [Double](), count: bodies.count)
        for _ in 0..<max(1, runs) {
            for (index, body) in bodies.enumerated() {
                let start = Self.threadCPUTime()
                try body()
                samples[index].append(Self.threadCPUTime() - start)
            }
        }
        return samples.map { values in
            let sorted = values.sorted()
            return sorted[sorted.count / 2]
        }
    }

    static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Runs a program and returns its standard output, or nil when it fails.
func runProgram(_ path: String, _ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}

/// The first `python3` on PATH.
func python3() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The middle value (the upper middle for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}
