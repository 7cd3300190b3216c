import HumanloopAPI
import Providers
import Synchronization

/// A scripted stand-in for `openai`, steered by the config's `model`, so one server can answer every
/// case the client must handle. It records the key each call was given and whether streams were cancelled.
///
/// Models: `echo` (any other name too) answers "scripted answer"; `rate-limited`, `bad-gateway` and
/// `provider-timeout` fail as the provider would; `crash` fails with an untyped error; `slow` answers after
/// two seconds. Streams: `slow-stream` sends 400 words 50 ms apart; `cut-stream` fails after two words;
/// any other model streams "scripted answer" in two words.
final class TestProvider: Provider, Sendable {
    private let state = Mutex(State())

    struct State {
        var keys: [String?] = []
        var streamsStarted = 0
        var streamsFinished = 0
        var streamsCancelled = 0
    }

    struct Crash: Error {}

    var name: ModelProvider { .openai }

    /// The keys the calls were given, in order.
    var keys: [String?] { state.withLock { $0.keys } }
    var streamsStarted: Int { state.withLock { $0.streamsStarted } }
    var streamsFinished: Int { state.withLock { $0.streamsFinished } }
    var streamsCancelled: Int { state.withLock { $0.streamsCancelled } }

    func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        state.withLock { $0.keys.append(request.apiKey) }
        switch request.model {
        case "rate-limited":
            throw ProviderError(kind: .rateLimited, provider: .openai, message: "slow down")
        case "bad-gateway":
            throw ProviderError(kind: .badGateway, provider: .openai, message: "upstream exploded")
        case "provider-timeout":
            throw ProviderError(kind: .timeout, provider: .openai, message: "no answer")
        case "crash":
            throw Crash()
        case "slow":
            try await Task.sleep(for: .seconds(2))
        default:
            break
        }
        return ProviderResult(
            choices: Array(
                repeating: ProviderChoice(text: "scripted answer", finishReason: .stop, generationTokens: 2),
                count: max(request.numSamples, 1)),
            promptTokens: 1, generationTokens: 2 * max(request.numSamples, 1),
            providerRequest: RawJSON(["model": .string(request.model)]), providerResponses: [])
    }

    func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        state.withLock {
            $0.keys.append(request.apiKey)
            $0.streamsStarted += 1
        }
        let words: [String]
        var delay: Duration = .milliseconds(1)
        var failAfter: Int?
        switch request.model {
        case "slow-stream":
            words = Array(repeating: " word", count: 400)
            delay = .milliseconds(50)
        case "cut-stream":
            words = ["partial", " answer", " lost"]
            delay = .milliseconds(5)
            failAfter = 2
        default:
            words = ["scripted", " answer"]
        }
        let position = Mutex(0)
        let lifetime = StreamLifetime { [self] in state.withLock { $0.streamsCancelled += 1 } }
        return ProviderStream(providerRequest: RawJSON(["model": .string(request.model)])) { [self, delay, failAfter] in
            let step = position.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                lifetime.stopEarly()
                throw error
            }
            if let failAfter, step == failAfter {
                throw ProviderError(kind: .badGateway, provider: .openai, message: "stream cut")
            }
            if step < words.count { return .text(index: 0, delta: words[step]) }
            if step == words.count { return .finish(index: 0, reason: .stop) }
            if step == words.count + 1 { return .usage(promptTokens: 1, generationTokens: words.count) }
            lifetime.finish()
            state.withLock { $0.streamsFinished += 1 }
            return nil
        }
    }
}

/// Counts a stream as stopped early once: when a pull is cancelled, or when the stream is released
/// unfinished (which is when a real adapter's HTTP client closes its upstream connection).
final class StreamLifetime: Sendable {
    private let ended = Mutex(false)
    private let onStoppedEarly: @Sendable () -> Void

    init(onStoppedEarly: @escaping @Sendable () -> Void) {
        self.onStoppedEarly = onStoppedEarly
    }

    func finish() {
        ended.withLock { $0 = true }
    }

    func stopEarly() {
        let first = ended.withLock { ended -> Bool in
            defer { ended = true }
            return !ended
        }
        if first { onStoppedEarly() }
    }

    deinit {
        stopEarly()
    }
}
