import DigestFetch
import Foundation
import Testing

@Suite struct FetchPolicyTests {
    let now = Date(timeIntervalSince1970: 1_795_327_200)
    let policy = FetchPolicy()

    @Test("failures back off exponentially, capped at a day", arguments: [
        (1, 300.0), (2, 600), (3, 1200), (5, 4800), (9, 76_800), (10, 86_400), (40, 86_400),
    ])
    func backoff(_ failures: Int, _ seconds: TimeInterval) {
        #expect(policy.nextFetch(afterFailureAt: now, failures: failures) == now.addingTimeInterval(seconds))
    }

    @Test("Retry-After is honoured when it asks for longer, but never past the cap")
    func retryAfter() {
        #expect(policy.nextFetch(afterFailureAt: now, failures: 1, retryAfter: now.addingTimeInterval(3600)) == now.addingTimeInterval(3600))
        #expect(policy.nextFetch(afterFailureAt: now, failures: 1, retryAfter: now.addingTimeInterval(10)) == now.addingTimeInterval(300))
        #expect(policy.nextFetch(afterFailureAt: now, failures: 1, retryAfter: now.addingTimeInterval(9e9)) == now.addingTimeInterval(86_400))
    }

    @Test("after a success, TTL or freshness set the minimum interval; without them the feed is due any time")
    func success() {
        #expect(policy.nextFetch(afterSuccessAt: now, freshFor: nil, ttl: nil) == nil)
        #expect(policy.nextFetch(afterSuccessAt: now, freshFor: 900, ttl: 3600) == now.addingTimeInterval(3600))
        #expect(policy.nextFetch(afterSuccessAt: now, freshFor: 900, ttl: nil) == now.addingTimeInterval(900))
        #expect(policy.nextFetch(afterSuccessAt: now, freshFor: nil, ttl: 30 * 86_400) == now.addingTimeInterval(86_400))
    }
}
