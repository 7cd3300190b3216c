extension Duration {
    /// The span in whole nanoseconds, as swift-metrics and NIO take it (sub-nanosecond parts dropped).
    package var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
