@testable import DigestService
import Foundation
import Testing

/// The daemon feeds systemd's watchdog only while running work moves on.
@Suite struct WatchdogTests {
    @Test("idle is never a stall; running work stalls from its last progress, and progress resets it")
    func stalls() async throws {
        let progress = WorkProgress()
        #expect(progress.stalledFor() == nil)
        progress.begin("fetch round")
        try await Task.sleep(for: .milliseconds(120))
        let stalled = try #require(progress.stalledFor())
        #expect(stalled >= 0.1)
        progress.moved()
        #expect(try #require(progress.stalledFor()) < 0.1)
        progress.begin("briefing")
        progress.end("fetch round")
        #expect(progress.kinds == ["briefing"])
        progress.end("briefing")
        #expect(progress.stalledFor() == nil)
    }
}
