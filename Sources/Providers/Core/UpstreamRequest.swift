import HumanloopAPI
import NIOCore
import NIOHTTP1

/// One HTTP call to a provider as an adapter builds it: a POST of a JSON body.
///
/// The key travels only in `headers` and is remembered in `secret` so that anything the provider says
/// back can be scrubbed of it. The description leaves both out, so logging a request never logs a key.
struct UpstreamRequest: Sendable, CustomStringConvertible {
    var url: String
    /// The body sent, exactly; also what `provider_request` shows (written once, sent and echoed as is).
    let body: RawJSON
    var headers: HTTPHeaders
    /// The key in `headers`, for redaction.
    var secret: String?

    init(url: String, body: JSONValue, headers: [(String, String)] = [], secret: String?) {
        self.url = url
        self.body = RawJSON(body)
        self.headers = HTTPHeaders(headers)
        self.headers.replaceOrAdd(name: "content-type", value: "application/json")
        self.headers.replaceOrAdd(name: "accept", value: "application/json, text/event-stream")
        self.secret = secret
    }

    /// The URL without its query (where a provider could carry settings) and never the headers.
    var description: String {
        "POST \(url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url)"
    }

    /// `text` with every occurrence of the key replaced, for anything that came back from upstream.
    func redacting(_ text: String) -> String {
        guard let secret, !secret.isEmpty else { return text }
        return text.replacing(secret, with: "[redacted]")
    }
}
