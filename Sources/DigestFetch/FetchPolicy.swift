import Foundation

/// When a feed may be fetched next: a state machine over the fetch outcomes, with `now` always
/// passed in so it can be tested with any clock.
///
/// Failures back off exponentially from `baseBackoff`, doubling per consecutive failure, up to
/// `maxBackoff` (24 h); a server's `Retry-After` is honoured when it asks for longer. A success
/// resets the count, and the feed's `<ttl>` or the response's freshness (`Cache-Control:
/// max-age`, `Expires`) set a minimum interval, capped at `maxBackoff` so a silly TTL cannot
/// silence a feed for weeks.
public struct FetchPolicy: Sendable, Equatable {
    /// The wait after the first failure.
    public var baseBackoff: TimeInterval
    /// The longest wait, after failures or from a TTL.
    public var maxBackoff: TimeInterval

    /// Creates a policy.
    public init(baseBackoff: TimeInterval = 5 * 60, maxBackoff: TimeInterval = 24 * 3600) {
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    /// The earliest next fetch after a success, or nil when the feed may be fetched any time.
    public func nextFetch(afterSuccessAt now: Date, freshFor: TimeInterval?, ttl: TimeInterval?) -> Date? {
        let interval = max(freshFor ?? 0, ttl ?? 0)
        guard interval > 0 else { return nil }
        return now.addingTimeInterval(min(interval, maxBackoff))
    }

    /// The earliest next fetch after the `failures`-th failure in a row.
    public func nextFetch(afterFailureAt now: Date, failures: Int, retryAfter: Date? = nil) -> Date {
        let exponent = Double(max(0, failures - 1))
        let backoff = min(maxBackoff, baseBackoff * pow(2, min(exponent, 30)))
        let scheduled = now.addingTimeInterval(backoff)
        guard let retryAfter else { return scheduled }
        return max(scheduled, min(retryAfter, now.addingTimeInterval(maxBackoff)))
    }
}
