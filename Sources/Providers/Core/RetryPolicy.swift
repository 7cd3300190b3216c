/// How a failed upstream call is retried: exponential backoff with jitter, on 429, 5xx and connection
/// errors only, and only while the deadline leaves room for the wait.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts at most).
    public var maxRetries: Int
    /// The wait before the first retry; each later wait doubles it.
    public var baseDelay: Duration
    /// No wait is longer than this, whatever the attempt or a `Retry-After` header says.
    public var maxDelay: Duration

    public init(maxRetries: Int = 2, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (0 for the first retry): "equal jitter", half the exponential
    /// delay plus a random part of the other half, so that many clients failing together do not come
    /// back together. A `Retry-After` the provider gave is honoured when it is longer.
    func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        let exponential = baseDelay * (1 << min(retry, 16))
        let capped = min(exponential, maxDelay)
        let half = capped / 2
        let jittered = half + half * Double.random(in: 0...1)
        guard let retryAfter else { return jittered }
        return min(max(jittered, retryAfter), maxDelay)
    }
}
