import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One briefing at a time across processes: an exclusive `flock(2)` on `briefing.lock` in the
/// state folder, held while a briefing is made. The kernel drops it when the holder exits, even
/// by SIGKILL, so a crash never leaves a stale lock. The file holds the holder's pid, for the
/// message of the one that waits.
public final class BriefingLock: @unchecked Sendable {
    /// The lock file.
    public let file: URL
    private var descriptor: Int32 = -1

    /// The lock of the state folder `folder`.
    public init(stateFolder folder: URL) {
        file = folder.appendingPathComponent("briefing.lock")
    }

    deinit { release() }

    /// Takes the lock without waiting; false when another process holds it.
    public func tryAcquire() throws(LockError) -> Bool {
        try open()
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            guard errno == EWOULDBLOCK else { throw LockError(path: file.path, reason: String(cString: strerror(errno))) }
            return false
        }
        recordHolder()
        return true
    }

    /// Takes the lock, waiting for the holder when there is one (`waiting` is told its pid first).
    public func acquire(waiting: (Int32?) -> Void = { _ in }) throws(LockError) {
        if try tryAcquire() { return }
        waiting(holder())
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw LockError(path: file.path, reason: String(cString: strerror(errno))) }
        }
        recordHolder()
    }

    /// Gives the lock back.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// The pid written by the process that holds (or last held) the lock.
    public func holder() -> Int32? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func open() throws(LockError) {
        guard descriptor < 0 else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = Glibc.open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LockError(path: file.path, reason: String(cString: strerror(errno))) }
    }

    private func recordHolder() {
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
    }
}

/// The lock file could not be used.
public struct LockError: Error, CustomStringConvertible {
    /// The lock file.
    public var path: String
    /// Why.
    public var reason: String

    public var description: String { "cannot lock \(path): \(reason)" }
}
