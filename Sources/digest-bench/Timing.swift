import Foundation

/// Times closures: a warm-up run, then the median of `runs`.
struct Timing {
    var runs: Int

    /// The median wall time of `body`, in seconds.
    func median(_ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            let elapsed = try clock.measure(body)
            samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        samples.sort()
        return samples[samples.count / 2]
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
