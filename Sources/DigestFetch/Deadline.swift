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

    /// Timers armed and neither fired nor cancelled: each is a deadline still waiting on its
    /// work. Once every run has returned there are none, whatever their deadlines were.
    public static var armedTimers: Int {
        armed.withLock { $0 }
    }

    private static let armed = Counter()

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func add(_ delta: Int) {
            lock.lock()
            value += delta
            lock.unlock()
        }

        func withLock<R>(_ body: (Int) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(value)
        }
    }

    /// Runs `operation`, returning its result or throwing `Expired` after `seconds`.
    public static func run<T: Sendable>(
        seconds: TimeInterval, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let gate = Gate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let wait = seconds.isFinite ? max(0, min(seconds, 365 * 86_400)) : 365 * 86_400
                // A timer source, cancelled when the gate opens: `asyncAfter` would keep its
                // block, and the gate with it, until the deadline (the soak bench found 12,000
                // of them alive at once, each feed's read holding the fetch round's 20 minutes).
                let timer = DispatchSource.makeTimerSource(queue: .global())
                // range-checked: `wait` is clamped to 0 – 1 year.
                timer.schedule(deadline: .now() + .milliseconds(Int(wait * 1000)))
                timer.setEventHandler { [weak gate] in gate?.finish(.failure(Expired(seconds: seconds))) }
                // Counted down once, when it fires or is cancelled (a cancelled source's handler
                // does not run, its cancel handler does).
                armed.add(1)
                timer.setCancelHandler { armed.add(-1) }
                timer.resume()
                let work = Task {
                    do { gate.finish(.success(try await operation())) } catch { gate.finish(.failure(error)) }
                }
                gate.start(continuation, timer: timer, onFinish: { work.cancel() })
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
        private var timer: (any DispatchSourceTimer)?

        func start(_ continuation: CheckedContinuation<T, any Error>, timer: any DispatchSourceTimer, onFinish: @escaping @Sendable () -> Void) {
            lock.lock()
            if let early {
                done = true
                lock.unlock()
                timer.cancel()
                onFinish()
                continuation.resume(with: early)
                return
            }
            self.continuation = continuation
            self.onFinish = onFinish
            self.timer = timer
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
            let timer = self.timer
            onFinish = nil
            self.timer = nil
            lock.unlock()
            timer?.cancel()
            cancel?()
            continuation.resume(with: result)
        }
    }
}
