import HumanloopAPI
import Providers
import Synchronization

/// An in-process provider that streams a fixed script slowly, and can fail midway; it records whether
/// its consumer stopped it early — by cancelling a pull, or by releasing the stream unfinished, which
/// is when a real adapter's HTTP client closes the upstream connection. It stands in for `openai` so
/// tests control timing exactly.
final class ScriptedProvider: Provider, Sendable {
    let words: [String]
    let delay: Duration
    let failAfter: Int?
    fileprivate let state = Mutex(State())

    struct State {
        var started = 0
        var finished = 0
        var cancelled = 0
        var abandoned = 0
    }

    /// Lives as long as one stream; its release before the end means the consumer let go early.
    final class Lifetime: Sendable {
        let provider: ScriptedProvider
        let done = Mutex(false)

        init(provider: ScriptedProvider) {
            self.provider = provider
        }

        deinit {
            if !done.withLock({ $0 }) { provider.state.withLock { $0.abandoned += 1 } }
        }
    }

    struct ScriptedFailure: Error {}

    init(words: [String], delay: Duration, failAfter: Int? = nil) {
        self.words = words
        self.delay = delay
        self.failAfter = failAfter
    }

    var name: ModelProvider { .openai }
    var started: Int { state.withLock { $0.started } }
    var finished: Int { state.withLock { $0.finished } }
    var cancelled: Int { state.withLock { $0.cancelled } }
    /// Streams stopped early, either way.
    var stopped: Int { state.withLock { $0.cancelled + $0.abandoned } }

    func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        try await Task.sleep(for: delay * words.count)
        let text = words.joined()
        return ProviderResult(
            choices: [ProviderChoice(text: text, finishReason: .stop, generationTokens: words.count)], promptTokens: 1,
            generationTokens: words.count, providerRequest: RawJSON(["model": .string(request.model)]),
            providerResponses: [])
    }

    func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        state.withLock { $0.started += 1 }
        let position = Mutex(0)
        let lifetime = Lifetime(provider: self)
        return ProviderStream(providerRequest: RawJSON(["model": .string(request.model)])) { [self] in
            let step = position.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                state.withLock { $0.cancelled += 1 }
                throw error
            }
            if let failAfter, step == failAfter {
                throw ProviderError(kind: .badGateway, provider: .openai, message: "stream cut")
            }
            if step < words.count { return .text(index: 0, delta: words[step]) }
            if step == words.count { return .finish(index: 0, reason: .stop) }
            if step == words.count + 1 { return .usage(promptTokens: 1, generationTokens: words.count) }
            lifetime.done.withLock { $0 = true }
            state.withLock { $0.finished += 1 }
            return nil
        }
    }
}
