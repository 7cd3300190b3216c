#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Progress on the terminal (standard error), at most once a second: files, versions and logs so far,
/// and logs per second.
public final class ImportProgress {
    let totalFiles: Int
    let write: (String) -> Void
    let started = ContinuousClock.now
    var lastShown = ContinuousClock.now
    var files = 0
    var versions = 0
    var logs = 0

    /// `write` receives each line; by default standard error.
    public init(totalFiles: Int, write: @escaping (String) -> Void = ImportProgress.writeToStandardError) {
        self.totalFiles = totalFiles
        self.write = write
    }

    /// Writes a line to file descriptor 2 (the `stderr` global is not concurrency-safe to name).
    public static func writeToStandardError(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    func show(force: Bool = false) {
        let now = ContinuousClock.now
        guard force || now - lastShown >= .seconds(1) else { return }
        lastShown = now
        write("import: files \(files)/\(totalFiles), versions \(versions), logs \(logs) (\(logsPerSecond) logs/s)")
    }

    /// Logs read per second since the start.
    public var logsPerSecond: Int {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(logs) / seconds) : 0
    }
}
