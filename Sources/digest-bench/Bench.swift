import ArgumentParser

/// Benchmarks of digest's stages. Each prints ratios against a baseline measured in the same
/// run, and ends with `RESULT bench=…` lines for scripts.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest-bench",
        abstract: "Measure digest's stages against baselines timed in the same run (build with -c release).",
        subcommands: [ParseBench.self, ExtractBench.self, FetchBench.self, StoriesBench.self, SoakBench.self, DayBench.self]
    )
}
