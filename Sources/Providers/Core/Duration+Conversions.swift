import HumanloopAPI
import NIOCore

extension TimeAmount {
    /// The same span as a NIO time amount (zero when already past).
    init(_ duration: Duration) {
        self = .nanoseconds(max(duration.nanoseconds, 0))
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as people write them: `120`, `0.25`.
    var secondsText: String {
        let value = Double(milliseconds) / 1000
        return value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
