import Dispatch
import Foundation

/// A deadline that holds whether or not the work honours cancellation.
///
/// A task group that races work against a timer still waits for every child before it returns,
/// so work that ignores cancellation (a request stuck in a client's connection pool, a blocking
/// call such as `getaddrinfo`) keeps the caller waiting past its deadline. Here the caller is
/// resumed by whichever comes first — the work's result, the timer, or the caller's own
/// cancellation — and the work is cancelled and left to end on its own.
public enum Deadline {
    /// The error thrown when the deadline passes first.
    public struct Expired: Error, Equatable {
        public let seconds: TimeInterval
    }

    /// Runs `operation`, returning its result or throwing `Expired` after `seconds`.
    public static func run<T: Sendable>(
        seconds: TimeInterval, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let gate = Gate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let work = Task {
                    do { gate.finish(.success(try await operation())) } catch { gate.finish(.failure(error)) }
                }
                gate.start(continuation, onFinish: { work.cancel() })
                let wait = seconds.isFinite ? max(0, min(seconds, 365 * 86_400)) : 365 * 86_400
                // range-checked: `wait` is clamped to 0 – 1 year.
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(wait * 1000))) {
                    gate.finish(.failure(Expired(seconds: seconds)))
                }
            }
        } onCancel: {
            gate.finish(.failure(CancellationError()))
        }
    }

    /// Resumes the caller exactly once, whatever comes first; what arrives before the caller
    /// is waiting is kept and delivered when it starts.
    private final class Gate<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?
        private var early: Result<T, any Error>?
        private var done = false
        private var onFinish: (@Sendable () -> Void)?

        func start(_ continuation: CheckedContinuation<T, any Error>, onFinish: @escaping @Sendable () -> Void) {
            lock.lock()
            if let early {
                done = true
                lock.unlock()
                onFinish()
                continuation.resume(with: early)
                return
            }
            self.continuation = continuation
            self.onFinish = onFinish
            lock.unlock()
        }

        func finish(_ result: Result<T, any Error>) {
            lock.lock()
            guard !done else { lock.unlock(); return }
            guard let continuation else {
                if early == nil { early = result }
                lock.unlock()
                return
            }
            done = true
            self.continuation = nil
            let cancel = onFinish
            onFinish = nil
            lock.unlock()
            cancel?()
            continuation.resume(with: result)
        }
    }
}
