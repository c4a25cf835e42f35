import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// systemd's notify protocol (sd_notify(3)) without libsystemd: datagrams of `KEY=VALUE` lines
/// sent to the `AF_UNIX` socket named by `$NOTIFY_SOCKET`, a path or, starting with `@`, a name
/// in the abstract namespace. Without the variable every message is dropped, so the daemon
/// runs the same outside systemd.
public final class SystemdNotifier: Sendable {
    private let address: [UInt8]?
    /// Half of `$WATCHDOG_USEC` when systemd asked this process for watchdog pings, else nil.
    public let watchdogInterval: TimeInterval?

    /// A notifier for `environment` (the process's by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, pid: Int32 = getpid()) {
        if let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty, socket.hasPrefix("/") || socket.hasPrefix("@") {
            var bytes = Array(socket.utf8)
            if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
            address = bytes
        } else {
            address = nil
        }
        // WATCHDOG_PID, when set, names the process that must ping; a child must not.
        let ours = environment["WATCHDOG_PID"].map { Int32($0) == pid } ?? true
        if ours, let text = environment["WATCHDOG_USEC"], let microseconds = Double(text), microseconds > 0 {
            watchdogInterval = microseconds / 2 / 1_000_000
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether a notify socket is configured.
    public var isActive: Bool { address != nil }

    /// Sends `fields` ("READY=1", "STATUS=…") as one datagram; returns whether it was sent.
    @discardableResult
    public func send(_ fields: String...) -> Bool {
        send(lines: fields)
    }

    /// Sends the lines as one datagram.
    @discardableResult
    public func send(lines: [String]) -> Bool {
        guard let address, address.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            for (index, byte) in address.enumerated() { path[index] = byte }
        }
        // An abstract name's length counts exactly; a path's includes its terminating zero.
        let length = MemoryLayout<sa_family_t>.size + address.count + (address[0] == 0 ? 0 : 1)
        let message = Array(lines.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                sendto(descriptor, message, message.count, Int32(MSG_NOSIGNAL), raw, socklen_t(length))
            }
        }
        return sent == message.count
    }

    /// The current `CLOCK_MONOTONIC` in microseconds, for `MONOTONIC_USEC` with `RELOADING=1`.
    public static func monotonicMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}
