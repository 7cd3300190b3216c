import HumanloopAPI

/// The values a provider documents for one sampling setting, and what Loopgate does with a value outside
/// them: leave out the value that means "no restriction" when the provider cannot take it (its own
/// default then applies), bring a too-large value down to the maximum where the provider caps there
/// anyway, or refuse the call before it is made.
struct ParameterLimit<Value: LimitValue>: Sendable {
    var lowest: Value?
    var highest: Value?
    /// Whether `highest` itself is refused (Vertex AI documents its penalties as "up to, but not including, 2.0").
    var excludesHighest = false
    /// The config's value for "no restriction" (`top_p: 1`): left out, not refused, when out of range.
    var unrestricted: Value?
    /// Whether a value above `highest` is sent as `highest` instead of refused.
    var capsAtHighest = false

    static func between(_ lowest: Value, _ highest: Value) -> Self {
        ParameterLimit(lowest: lowest, highest: highest)
    }

    static func atLeast(_ lowest: Value) -> Self {
        ParameterLimit(lowest: lowest)
    }

    static func from(_ lowest: Value, below highest: Value) -> Self {
        ParameterLimit(lowest: lowest, highest: highest, excludesHighest: true)
    }

    /// The same limit, leaving `value` out instead of refusing it.
    func omitting(_ value: Value) -> Self {
        var limit = self
        limit.unrestricted = value
        return limit
    }

    /// The same limit, sending a larger value as the maximum instead of refusing it.
    var cappedAtHighest: Self {
        var limit = self
        limit.capsAtHighest = true
        return limit
    }

    func accepts(_ value: Value) -> Bool {
        if let lowest, value < lowest { return false }
        if let highest, excludesHighest ? value >= highest : value > highest { return false }
        return true
    }

    /// The value to send: `value` itself, `nil` to leave it out, or the maximum; a refusal naming
    /// `field` (as the config spells it) otherwise.
    func admit(_ value: Value?, field: String, provider: ModelProvider) throws(ProviderError) -> Value? {
        guard let value, !accepts(value) else { return value }
        if value == unrestricted { return nil }
        if capsAtHighest, let highest, !excludesHighest, value > highest { return highest }
        throw ProviderError(
            kind: .rejected, provider: provider, message: "\(field) must be \(range) (got \(value.spelled))")
    }

    /// The accepted values in words: "between 0 and 2", "at least 0", "at least -2 and below 2".
    var range: String {
        switch (lowest, highest) {
        case (let lowest?, let highest?):
            return excludesHighest
                ? "at least \(lowest.spelled) and below \(highest.spelled)"
                : "between \(lowest.spelled) and \(highest.spelled)"
        case (let lowest?, nil): return "at least \(lowest.spelled)"
        case (nil, let highest?): return excludesHighest ? "below \(highest.spelled)" : "at most \(highest.spelled)"
        case (nil, nil): return "any value"
        }
    }
}

/// A number a limit can bound, written the way the config would write it (`1`, not `1.0`).
protocol LimitValue: Comparable, Sendable {
    var spelled: String { get }
}

extension Double: LimitValue {
    var spelled: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}

extension Int: LimitValue {
    var spelled: String { String(self) }
}
