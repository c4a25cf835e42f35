import Foundation

/// The form of an article URL used to recognise the same article behind different links:
/// scheme and host lower-cased, default port, fragment and tracking parameters dropped
/// (`utm_*`, `fbclid`, `gclid` and their kin), remaining parameters kept in order.
public enum CanonicalURL {
    /// Query parameters that only track the reader.
    static let trackingPrefixes = ["utm_"]
    static let trackingNames: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "yclid"]

    /// The canonical text of `url`.
    public static func string(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url.absoluteString }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        components.fragment = nil
        if (components.scheme == "http" && components.port == 80) || (components.scheme == "https" && components.port == 443) {
            components.port = nil
        }
        if components.path.isEmpty { components.path = "/" }
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !trackingNames.contains(name) && !trackingPrefixes.contains { name.hasPrefix($0) }
            }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        return components.string ?? url.absoluteString
    }
}
