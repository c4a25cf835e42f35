import Dispatch

/// Maps `0..<count` in parallel chunks (from `minimum` items on), results in index order,
/// so the outcome is the same as a sequential map. `makeState` gives each chunk its own
/// non-shareable helpers (a stemmer holds C state).
func parallelMap<State, Result>(_ count: Int, minimum: Int = 256, makeState: () -> State, _ body: (inout State, Int) -> Result) -> [Result] {
    guard count >= max(2, minimum) else {
        var state = makeState()
        return (0..<count).map { body(&state, $0) }
    }
    // Few items: one chunk each, so the threads balance; many: chunks of about 128.
    let chunks = count <= 64 ? count : max(2, min(count / 128, 64))
    var results = [Result?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let output = buffer
        withoutActuallyEscaping(makeState) { makeState in
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let makeState = makeState
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var state = makeState()
                    let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
                    for index in start..<end { output[index] = body(&state, index) }
                }
            }
        }
    }
    return results.map { $0! }
}
