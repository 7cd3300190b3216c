import Foundation
import NIOCore
import NIOPosix

/// How many threads the process runs and where Swift concurrency's tasks run.
///
/// Two decisions, both made once at start, before any task runs:
/// - SwiftNIO sizes its event loops (and its blocking pool) by `System.coreCount`, which reads cgroup
///   limits but not the CPU affinity mask; a server started with `taskset -c 1` would still run one event
///   loop per core of the machine, all on one CPU. The affinity mask's count (or `LOOPGATE_THREADS`) is
///   used instead.
/// - The event loops become Swift concurrency's global executor, so a request's task runs on the same
///   thread that reads its socket and the provider's, instead of hopping between NIO's threads and the
///   concurrency pool at every `await` (a context switch each time).
enum ProcessThreads {
    static func configure() {
        let threads = requestedThreads() ?? affinityCPUCount() ?? System.coreCount
        NIOSingletons.groupLoopCountSuggestion = max(1, threads)
        // Two at least: SQLite's readers and its one writer share this pool (the checkpointer has a thread
        // of its own), and a read on a cache miss must not wait behind a commit for a thread.
        NIOSingletons.blockingPoolThreadCountSuggestion = max(2, threads)
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    static func requestedThreads() -> Int? {
        ProcessInfo.processInfo.environment["LOOPGATE_THREADS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    /// The number of CPUs this process may run on (the `Cpus_allowed` mask of `/proc/self/status`), or nil
    /// where the platform does not say.
    static func affinityCPUCount() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, character in
            count + (character.hexDigitValue?.nonzeroBitCount ?? 0)
        }
        return count > 0 ? min(count, System.coreCount) : nil
    }
}
