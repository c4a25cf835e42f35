import Foundation

/// What the store remembers about one feed between runs.
public struct FeedState: Sendable, Equatable {
    /// The feed's id from the config.
    public var id: String
    /// The URL the config names; a change there resets `url`.
    public var configuredURL: URL
    /// Where the feed is fetched now: the configured URL, or where permanent redirects moved it.
    public var url: URL
    /// The feed's own title, from its last parse.
    public var title: String?
    /// Validators for the next conditional request.
    public var etag: String?
    /// Validators for the next conditional request.
    public var lastModified: String?
    /// When it was last tried.
    public var lastAttempt: Date?
    /// When it last worked.
    public var lastSuccess: Date?
    /// Why it last failed, for `feeds check`, `status` and the briefing's health section.
    public var lastError: String?
    /// Failures since the last success.
    public var errorCount: Int
    /// Not before this time (backoff, Retry-After, freshness).
    public var nextFetch: Date?
    /// Set by HTTP 410; the feed is not fetched again until its URL changes in the config.
    public var disabled: Bool

    /// A feed never fetched.
    public init(id: String, configuredURL: URL) {
        self.id = id
        self.configuredURL = configuredURL
        url = configuredURL
        errorCount = 0
        disabled = false
    }
}
