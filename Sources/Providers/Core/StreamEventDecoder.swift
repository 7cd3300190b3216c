/// Turns one provider's stream events into provider-neutral ones. Each adapter has one; it keeps
/// whatever state the provider's deltas need (tool-call arguments arrive in pieces).
protocol StreamEventDecoder: Sendable {
    /// The neutral events one upstream event stands for: often one, sometimes none or several.
    mutating func decode(_ event: ServerSentEvent) throws -> [ProviderStreamEvent]

    /// Whether the provider has said it is done. A body that ends before that was cut off.
    var isFinished: Bool { get }
}
