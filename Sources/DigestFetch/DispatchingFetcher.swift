import DigestModel
import Foundation

/// Sends each URL to the fetcher registered for its scheme.
public struct DispatchingFetcher: Fetcher {
    private let fetchers: [String: any Fetcher]

    /// Creates a fetcher from scheme → fetcher pairs (`["file": FileFetcher()]`).
    public init(_ fetchers: [String: any Fetcher]) {
        self.fetchers = fetchers
    }

    public func fetch(_ url: URL, validators: Validators, reach: Reach) async throws(FetchError) -> FetchResult {
        let scheme = url.scheme?.lowercased() ?? ""
        guard let fetcher = fetchers[scheme] else { throw .unsupportedScheme(scheme) }
        return try await fetcher.fetch(url, validators: validators, reach: reach)
    }
}
