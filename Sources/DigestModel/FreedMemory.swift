#if canImport(Glibc)
import Glibc
#endif

/// Hands freed memory back to the system. glibc's allocator keeps freed pages inside its
/// arenas while any chunk near them lives, and each thread allocates from an arena of its own,
/// so memory one stage freed on worker threads is not reused by the next stage on another:
/// a daemon's resident size would creep up round after round with nothing leaked, and a
/// briefing's peak would carry every earlier stage's leftovers. `malloc_trim` releases every
/// free page (a few milliseconds).
public enum FreedMemory {
    /// Returns every free page to the system; does nothing with another C library.
    public static func release() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up once (Glibc's module map leaves out <malloc.h>); nil
    /// with another C library.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        // RTLD_DEFAULT is the null handle in glibc.
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif
}
