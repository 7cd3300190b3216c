import HumanloopAPI
import Hummingbird
import NIOCore
import Synchronization

/// The per-request context: the authenticated organisation and the request's timing.
public struct LoopgateRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The organisation of the request's `X-API-KEY`, set by `APIKeyMiddleware`.
    public var organizationID: String?
    /// Shared with the middleware that writes `Server-Timing` once the handler is done.
    public let timing = RequestTiming()
    /// The connection, so a handler can notice its client going away.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The largest body a route reads (`LOOPGATE_MAX_BODY_BYTES`), set by `BodyLimitMiddleware`; a larger
    /// one is a 413.
    public var maxBodyBytes = ConnectionLimits.defaultMaxBodyBytes

    public var maxUploadSize: Int { maxBodyBytes }

    /// The organisation; only routes behind `APIKeyMiddleware` may ask.
    public var orgID: String {
        get throws {
            guard let organizationID else { throw APIError.unauthorized("Missing API key") }
            return organizationID
        }
    }
}

/// Time a request spent waiting on its provider, recorded by the handler, read by the middleware.
public final class RequestTiming: Sendable {
    private let providerNanoseconds = Atomic<Int64>(0)

    public init() {}

    public func addProviderTime(_ duration: Duration) {
        providerNanoseconds.add(duration.nanoseconds, ordering: .relaxed)
    }

    public var providerTime: Duration {
        .nanoseconds(providerNanoseconds.load(ordering: .relaxed))
    }
}
