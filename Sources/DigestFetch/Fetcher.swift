import DigestModel
import Foundation

/// Brings back the bytes behind a URL. Implementations are safe to call concurrently.
public protocol Fetcher: Sendable {
    /// Fetches `url`, sending the validators when given so an unchanged resource costs nothing;
    /// `reach` says which addresses the fetch (and each of its redirects) may connect to.
    func fetch(_ url: URL, validators: Validators, reach: Reach) async throws(FetchError) -> FetchResult
}

extension Fetcher {
    /// Fetches a URL the user gave (a configured feed): any address may be reached.
    public func fetch(_ url: URL, validators: Validators) async throws(FetchError) -> FetchResult {
        try await fetch(url, validators: validators, reach: .anywhere)
    }
}

/// The validators kept from an earlier fetch, for a conditional request.
public struct Validators: Sendable, Equatable {
    /// The `ETag` of the stored copy.
    public var etag: String?
    /// The `Last-Modified` of the stored copy.
    public var lastModified: String?

    /// No validators: an unconditional fetch.
    public static let none = Validators()

    /// Creates validators.
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Why a fetch failed; `description` is the one-line cause an operator sees.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    /// The URL names nothing that exists.
    case notFound(String)
    /// The resource exists but could not be read.
    case unreadable(String, reason: String)
    /// The resource is larger than the configured cap.
    case tooLarge(limit: Int)
    /// The compressed body expands past the cap: a decompression bomb or simply too big.
    case decompressionBomb(limit: Int)
    /// No fetcher handles this URL scheme.
    case unsupportedScheme(String)
    /// The whole fetch took longer than its deadline.
    case timeout(seconds: TimeInterval)
    /// The server answered with an error status.
    case httpStatus(Int)
    /// HTTP 410: the feed is gone for good.
    case gone
    /// HTTP 429 or 503, with the time the server asked us to wait until.
    case rateLimited(status: Int, retryAfter: Date?)
    /// A redirect led back to a URL already visited.
    case redirectLoop(String)
    /// More redirects than allowed.
    case tooManyRedirects(Int)
    /// A redirect without a usable `Location`.
    case badRedirect(String)
    /// The connection failed (DNS, refused, TLS, reset).
    case network(String)
    /// The network policy forbids the address (a stranger's link to an internal address).
    case refused(String)
    /// The URL cannot be fetched as written.
    case badURL(String)

    public var description: String {
        switch self {
        case .notFound(let path): "no such file: \(path)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .tooLarge(let limit): "body over \(ByteCountText.format(limit))"
        case .decompressionBomb(let limit): "decompressed body over \(ByteCountText.format(limit))"
        case .unsupportedScheme(let scheme): "unsupported URL scheme \"\(scheme)\" (use http, https or file)"
        case .timeout(let seconds): "timeout after \(Self.seconds(seconds))"
        case .httpStatus(let status): "HTTP \(status)"
        case .gone: "HTTP 410: the feed is gone; it is disabled"
        case .rateLimited(let status, let retryAfter):
            retryAfter.map { "HTTP \(status): asked to wait until \($0.ISO8601Format())" } ?? "HTTP \(status): asked to wait"
        case .redirectLoop(let url): "redirect loop at \(url)"
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .badRedirect(let location): "redirect to an unusable location \"\(location)\""
        case .network(let reason): "network error: \(reason)"
        case .refused(let reason):
            "not fetched: \(reason); links in a feed may only reach public addresses (`[fetch] allow_private_pages = true` lifts this)"
        case .badURL(let reason): "unusable URL: \(reason)"
        }
    }

    private static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value))s" : String(format: "%.1fs", value)
    }
}

/// Byte counts as people write them in configs and read them in errors ("10 MB").
public enum ByteCountText {
    /// Formats a count with the largest unit that keeps it whole or one decimal.
    public static func format(_ bytes: Int) -> String {
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        for (unit, size) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            return value == value.rounded() ? "\(Int(value)) \(unit)" : String(format: "%.1f %@", value, unit)
        }
        return "\(bytes) bytes"
    }
}
