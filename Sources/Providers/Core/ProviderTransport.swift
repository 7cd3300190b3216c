import Foundation
import HumanloopAPI
import Logging
import NIOCore

/// The HTTP exchange with one provider, shared by its adapter's JSON and streamed calls: the deadline,
/// the retries, and the translation of every failure into a `ProviderError`.
///
/// Retries (exponential backoff with jitter) happen on 429, 5xx and connection errors, only before a
/// 2xx answer has begun (so never after a streamed byte), and only while the deadline leaves room.
struct ProviderTransport: Sendable {
    let provider: ModelProvider
    let httpClient: UpstreamHTTPClient
    let timeout: Duration
    let retry: RetryPolicy
    let logger: Logger

    /// The largest answer read whole; a provider's JSON answer is far below it.
    static let maximumBodySize = 64 * 1024 * 1024

    init(provider: ModelProvider, httpClient: UpstreamHTTPClient, configuration: ProviderConfiguration, logger: Logger)
    {
        self.provider = provider
        self.httpClient = httpClient
        self.timeout = configuration.timeout
        self.retry = configuration.retry
        self.logger = logger
    }

    /// Sends `request` and returns its 2xx JSON answer, read whole within the deadline.
    func send(_ request: UpstreamRequest) async throws -> UpstreamJSON {
        let deadline = ContinuousClock.now + timeout
        let answer = try await attempt(request, deadline: deadline) { body, networkDeadline in
            try await self.httpClient.post(
                url: request.url, headers: request.headers, body: body, collectingUpTo: Self.maximumBodySize,
                deadline: networkDeadline)
        } errorBody: {
            $0
        }
        return try UpstreamJSON(body: answer.body, provider: provider)
    }

    /// Sends `request` and returns as soon as the provider has answered 2xx headers, leaving the body to
    /// be pulled by the caller. After this point nothing is retried.
    func open(_ request: UpstreamRequest) async throws -> UpstreamAnswer<UpstreamResponseBody> {
        let deadline = ContinuousClock.now + timeout
        return try await attempt(request, deadline: deadline) { body, networkDeadline in
            try await self.httpClient.post(
                url: request.url, headers: request.headers, body: body, deadline: networkDeadline)
        } errorBody: { body in
            try? await body.collect(upTo: 1024 * 1024)
        }
    }

    /// The error for a failure while a 2xx body was being read (the stream broke off, or stalled).
    func failure(reading error: any Error, request: UpstreamRequest) -> any Error {
        if let error = error as? ProviderError {
            log(error, request: request)
            return error
        }
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        let failure: ProviderError
        if let error = error as? UpstreamHTTPError, error.kind == .readTimeout {
            failure = ProviderError(
                kind: .timeout, provider: provider,
                message: "the answer stalled: nothing arrived for \(timeout.secondsText) seconds")
        } else {
            failure = ProviderError(
                kind: .badGateway, provider: provider, message: "the answer broke off: \(Self.describe(error))")
        }
        log(failure, request: request)
        return failure
    }

    /// Logs a failure without anything that could hold the key (the request's description omits headers).
    func log(_ failure: ProviderError, request: UpstreamRequest) {
        logger.warning(
            "provider call failed",
            metadata: [
                "provider": "\(provider.rawValue)", "request": "\(request)", "kind": "\(failure.kind)",
                "error": "\(failure.message)",
            ])
    }

    // MARK: - Attempts

    /// Calls until a 2xx answer, a failure not worth retrying, or no retry left within the deadline.
    /// `call` gets the body and the deadline as the client takes it; `errorBody` reads what a failed
    /// answer says, for the error.
    private func attempt<Body: Sendable>(
        _ request: UpstreamRequest, deadline: ContinuousClock.Instant,
        call: (ByteBuffer, NIODeadline) async throws -> UpstreamAnswer<Body>,
        errorBody: (Body) async -> ByteBuffer?
    ) async throws -> UpstreamAnswer<Body> {
        let body = ByteBuffer(bytes: request.body.bytes)
        let networkDeadline = NIODeadline.now() + TimeAmount(deadline - .now)
        var retries = 0
        while true {
            var failure: ProviderError
            let retryable: Bool
            var retryAfter: Duration?
            do {
                let answer = try await call(body, networkDeadline)
                let status = answer.status
                if (200..<300).contains(status) { return answer }
                failure = .upstream(
                    status: status, body: await errorBody(answer.body), provider: provider, request: request)
                retryable = status == 429 || status >= 500
                retryAfter = answer.headers.first(name: "retry-after").flatMap(Self.retryAfter)
                // Passed on to the client when Loopgate gives up (OpenAI's API answers with it too).
                if failure.kind == .rateLimited { failure.retryAfter = retryAfter }
            } catch let error as UpstreamHTTPError where error.kind == .deadlineExceeded {
                let failure = ProviderError(
                    kind: .timeout, provider: provider, message: "no answer within \(timeout.secondsText) seconds")
                log(failure, request: request)
                throw failure
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                failure = ProviderError(
                    kind: .badGateway, provider: provider,
                    message: "could not reach the provider: \(Self.describe(error))"
                )
                logger.debug(
                    "provider unreachable",
                    metadata: ["provider": "\(provider.rawValue)", "error": "\(Self.logDetail(error))"])
                // A URL that cannot be called now cannot be called on a retry either.
                retryable = (error as? UpstreamHTTPError)?.kind != .invalidURL
            }
            let delay = retry.delay(beforeRetry: retries, retryAfter: retryAfter)
            guard retryable, retries < retry.maxRetries, ContinuousClock.now + delay < deadline else {
                log(failure, request: request)
                throw failure
            }
            logger.notice(
                "provider call failed, retrying",
                metadata: [
                    "provider": "\(provider.rawValue)", "request": "\(request)", "error": "\(failure.message)",
                    "retry": "\(retries + 1)", "delay_ms": "\(delay.milliseconds)",
                ])
            try await Task.sleep(for: delay)
            retries += 1
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is not worth parsing for a bounded wait).
    private static func retryAfter(_ value: String) -> Duration? {
        guard let seconds = Double(value.trimmingWhitespace()), seconds >= 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A transport error in words for the client: what happened, never where (an unreachable host's address
    /// is the operator's business, not the caller's: the server's log has it, `logDetail`), and never a
    /// header, so never a key.
    static func describe(_ error: any Error) -> String {
        if let error = error as? UpstreamHTTPError { return error.description }
        return "the connection failed"
    }

    /// The whole transport error, for the server's log only.
    static func logDetail(_ error: any Error) -> String {
        String(describing: error)
    }
}
