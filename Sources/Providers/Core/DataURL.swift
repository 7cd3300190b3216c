/// A base64 `data:` URL split into its media type and payload, for providers that take inline images
/// as separate fields (Anthropic, Gemini) rather than as a URL.
struct DataURL: Sendable, Hashable {
    var mediaType: String
    /// The base64 text, as it was.
    var data: String

    /// `nil` unless `url` is a base64 `data:` URL.
    init?(_ url: String) {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        let parameters = header.split(separator: ";")
        guard parameters.contains("base64") else { return nil }
        mediaType =
            parameters.first.map(String.init).flatMap { $0 == "base64" ? nil : $0 } ?? "application/octet-stream"
        data = String(url[url.index(after: comma)...])
    }
}
