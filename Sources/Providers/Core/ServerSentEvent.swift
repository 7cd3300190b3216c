/// One server-sent event as a provider sends it.
struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field, when the provider names its events (Anthropic, Cohere).
    var event: String?
    /// The `data:` lines joined with `\n`.
    var data: String
}
