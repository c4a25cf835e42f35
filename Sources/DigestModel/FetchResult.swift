import Foundation

/// What a fetcher brought back for one URL.
public enum FetchResult: Sendable, Equatable {
    /// The resource and how it was served.
    case fetched(FetchedDocument)
    /// The server confirmed that the stored validators are still current (HTTP 304).
    /// `permanentURL` is set when permanent redirects (301, 308) led there.
    case notModified(finalURL: URL, permanentURL: URL?)
}

/// The bytes of a fetched resource with the metadata that decides how it is parsed and revalidated.
public struct FetchedDocument: Sendable, Equatable {
    /// The URL after redirects; the base for relative links.
    public var finalURL: URL
    /// The HTTP status, or 200 for a local file.
    public var status: Int
    /// The `Content-Type` header, whose charset counts when decoding.
    public var contentType: String?
    /// The `ETag` validator for the next conditional request.
    public var etag: String?
    /// The `Last-Modified` validator for the next conditional request.
    public var lastModified: String?
    /// The body.
    public var body: Data
    /// Where the feed now lives when only permanent redirects (301, 308) led to it: the URL to
    /// store instead of the old one.
    public var permanentURL: URL?
    /// How long the server says the response stays fresh (`Cache-Control: max-age`, `Expires`).
    public var freshFor: TimeInterval?

    /// Creates a document.
    public init(finalURL: URL, status: Int = 200, contentType: String? = nil, etag: String? = nil, lastModified: String? = nil,
                body: Data, permanentURL: URL? = nil, freshFor: TimeInterval? = nil) {
        self.finalURL = finalURL
        self.permanentURL = permanentURL
        self.freshFor = freshFor
        self.status = status
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.body = body
    }
}
