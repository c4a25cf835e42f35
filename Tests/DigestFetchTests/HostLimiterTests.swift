@testable import DigestFetch
import Synchronization
import Testing

@Suite struct HostLimiterTests {
    final class Gauge: Sendable {
        let state = Mutex<(now: [String: Int], peak: [String: Int])>(([:], [:]))
        func enter(_ host: String) {
            state.withLock { state in
                state.now[host, default: 0] += 1
                state.peak[host] = max(state.peak[host, default: 0], state.now[host]!)
            }
        }
        func leave(_ host: String) { state.withLock { $0.now[host, default: 0] -= 1 } }
        var peak: [String: Int] { state.withLock { $0.peak } }
    }

    @Test("no more than two fetches run against one host, while other hosts are not held up")
    func politeness() async {
        let limiter = HostLimiter(limit: 2)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                let host = index % 3 == 0 ? "b.example" : "a.example"
                group.addTask {
                    await limiter.withSlot(for: host) {
                        gauge.enter(host)
                        try? await Task.sleep(for: .milliseconds(20))
                        gauge.leave(host)
                    }
                }
            }
        }
        #expect(gauge.peak == ["a.example": 2, "b.example": 2])
    }
}
