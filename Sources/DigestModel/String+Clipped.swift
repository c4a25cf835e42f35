extension String {
    /// The text as a message quotes it: at most `limit` characters, the last an ellipsis when
    /// it was cut (feed titles, URLs and config values can be megabytes long).
    public func clipped(to limit: Int) -> String {
        count > limit ? String(prefix(Swift.max(0, limit - 1))) + "…" : self
    }
}
