import DigestModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a fetch may connect.
public enum Reach: Sendable, Equatable {
    /// Any address, on pooled connections: the feeds the user configured (a feed server on the
    /// LAN is normal).
    case anywhere
    /// A link found in a feed: fetched on a connection of its own, to an address resolved once.
    /// Unless `allowPrivate`, public unicast addresses only — for the link and every redirect it
    /// leads to — so that a stranger's feed cannot make the daemon fetch (and publish) an
    /// internal page.
    case link(allowPrivate: Bool)

    /// A link held to public addresses.
    public static let publicOnly = Reach.link(allowPrivate: false)
}

/// One resolved address: its text form and its family, ready to connect to.
public struct ResolvedAddress: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let isIPv6: Bool
    public var description: String { text }
}

/// Server-side request forgery defence: a name is resolved once, every address it gives is
/// checked, and the connection is made to a checked address (never a second lookup, so DNS
/// rebinding finds nothing to rebind). The address classes follow the IANA special-purpose
/// registries (RFC 6890) and OWASP's SSRF prevention cheat sheet.
public enum NetworkPolicy {
    /// Resolves `host` (a name or any literal form `getaddrinfo` accepts: "127.1", "2130706433",
    /// "[::ffff:7f00:1]") to its addresses. Blocking: run it under a deadline.
    public static func resolve(_ host: String, port: Int) throws(FetchError) -> [ResolvedAddress] {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        guard !name.isEmpty, name.utf8.count < 1024, !name.contains("\0") else { throw .network("no host name") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == EAI_NONAME ? "no such host" : String(cString: gai_strerror(status))
            throw .network("cannot resolve \(host.clipped(to: 80)): \(reason)")
        }
        defer { freeaddrinfo(first) }
        var addresses: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr, let text = Self.text(of: address) {
                let resolved = ResolvedAddress(text: text, isIPv6: Int32(address.pointee.sa_family) == AF_INET6)
                if !addresses.contains(resolved) { addresses.append(resolved) }
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw .network("cannot resolve \(host.clipped(to: 80)): no address") }
        return addresses
    }

    /// Why `address` may not be reached from a stranger's link, or nil for a public unicast address.
    public static func refusal(_ address: ResolvedAddress) -> String? {
        if address.isIPv6 {
            var bytes = in6_addr()
            guard inet_pton(AF_INET6, address.text, &bytes) == 1 else { return "an unreadable address" }
            return refusal(ipv6: withUnsafeBytes(of: &bytes) { Array($0) })
        }
        var bytes = in_addr()
        guard inet_pton(AF_INET, address.text, &bytes) == 1 else { return "an unreadable address" }
        return refusal(ipv4: withUnsafeBytes(of: &bytes) { Array($0) })
    }

    /// IPv4, four bytes in network order.
    static func refusal(ipv4 b: [UInt8]) -> String? {
        guard b.count == 4 else { return "an unreadable address" }
        switch (b[0], b[1]) {
        case (0, _): return "an unspecified (0.0.0.0/8) address"
        case (10, _): return "a private (10.0.0.0/8) address"
        case (100, 64...127): return "a shared carrier-grade NAT (100.64.0.0/10) address"
        case (127, _): return "a loopback address"
        case (169, 254): return "a link-local (169.254.0.0/16, cloud metadata) address"
        case (172, 16...31): return "a private (172.16.0.0/12) address"
        case (192, 168): return "a private (192.168.0.0/16) address"
        case (224...239, _): return "a multicast address"
        case (240...255, _): return "a reserved (240.0.0.0/4) or broadcast address"
        default:
            // 192.0.0.0/24: IETF protocol assignments (NAT64 discovery, DS-Lite), never a web server.
            if b[0] == 192 && b[1] == 0 && b[2] == 0 { return "an IETF protocol (192.0.0.0/24) address" }
            return nil
        }
    }

    /// IPv6, sixteen bytes; forms that carry an IPv4 address are judged by that address.
    static func refusal(ipv6 b: [UInt8]) -> String? {
        guard b.count == 16 else { return "an unreadable address" }
        let high = b[0..<10].allSatisfy { $0 == 0 }
        if high && b[10] == 0xff && b[11] == 0xff {
            return refusal(ipv4: Array(b[12..<16])).map { "an IPv4-mapped form of \($0)" }
        }
        if high && b[10] == 0 && b[11] == 0 {
            if b[12..<15].allSatisfy({ $0 == 0 }) {
                if b[15] == 0 { return "the unspecified address (::)" }
                if b[15] == 1 { return "a loopback address (::1)" }
            }
            // ::a.b.c.d, the deprecated IPv4-compatible form.
            return refusal(ipv4: Array(b[12..<16])).map { "an IPv4-compatible form of \($0)" } ?? "an IPv4-compatible (::/96) address"
        }
        // 64:ff9b::/96 (NAT64, RFC 6052) and 64:ff9b:1::/48 (RFC 8215) reach the IPv4 address inside.
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b {
            return refusal(ipv4: Array(b[12..<16])).map { "a NAT64 form of \($0)" }
        }
        // 2002::/16 (6to4) embeds an IPv4 address in bytes 2–5.
        if b[0] == 0x20 && b[1] == 0x02 {
            return refusal(ipv4: Array(b[2..<6])).map { "a 6to4 form of \($0)" }
        }
        if b[0] & 0xfe == 0xfc { return "a unique local (fc00::/7) address" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return "a link-local (fe80::/10) address" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return "a site-local (fec0::/10) address" }
        if b[0] == 0xff { return "a multicast address" }
        // 100::/64: discard-only (RFC 6666).
        if b[0] == 0x01 && b[1] == 0x00 && b[2..<8].allSatisfy({ $0 == 0 }) { return "a discard-only (100::/64) address" }
        return nil
    }

    /// Resolves `host` and returns the address to connect to. Unless `allowPrivate`, throws
    /// `.refused` when any of its addresses is not public (a name that points at the metadata
    /// address as well as a public one is not trusted with either).
    public static func address(for host: String, port: Int, allowPrivate: Bool) throws(FetchError) -> ResolvedAddress {
        let addresses = try resolve(host, port: port)
        if allowPrivate { return addresses[0] }
        for address in addresses {
            if let reason = refusal(address) {
                let shown = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) == address.text
                    ? address.text : "\(host.clipped(to: 80)) (\(address.text))"
                throw .refused("\(shown) is \(reason)")
            }
        }
        return addresses[0]
    }

    /// Whether any address of `host` is non-public: a feed served from inside the network
    /// may link to pages inside it. A name that does not resolve counts as public.
    public static func isPrivate(host: String, port: Int) -> Bool {
        guard let addresses = try? resolve(host, port: port) else { return false }
        return addresses.contains { refusal($0) != nil }
    }

    private static func text(of address: UnsafeMutablePointer<sockaddr>) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 -> String? in
                var raw = v4.pointee.sin_addr
                guard inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return String(cString: buffer)
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 -> String? in
                var raw = v6.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return String(cString: buffer)
            }
        default:
            return nil
        }
    }
}
