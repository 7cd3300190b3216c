/// Where a provider call goes, as the connection pool keys it: scheme, host and port; plus the request
/// target (path and query) sent on the request line.
///
/// Parsed by hand from the URL an adapter built: the only forms that occur are `http(s)://host[:port]/path`,
/// and Foundation's `URL` costs more than the rest of building the request.
struct UpstreamEndpoint: Hashable, Sendable {
    var usesTLS: Bool
    /// The host as written, without brackets for an IPv6 literal.
    var host: String
    var port: Int

    /// An IP literal, which TLS may not send as the server's name.
    var isIPAddress: Bool {
        host.contains(":") || host.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber }
    }

    /// The value of the `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (usesTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Splits `url` into its endpoint and request target, or nil when it is not an absolute `http` or
    /// `https` URL with a host (user info is refused: a key must never ride in a URL's authority).
    static func parse(_ url: String) -> (endpoint: UpstreamEndpoint, target: String)? {
        let usesTLS: Bool
        let rest: Substring
        if url.hasPrefix("https://") {
            usesTLS = true
            rest = url.dropFirst(8)
        } else if url.hasPrefix("http://") {
            usesTLS = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...].prefix(while: { $0 != "#" }))
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        let host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.first == ":" else { return nil }
                portText = afterHost.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        let port: Int
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { return nil }
            port = number
        } else {
            port = usesTLS ? 443 : 80
        }
        guard !host.isEmpty else { return nil }
        return (UpstreamEndpoint(usesTLS: usesTLS, host: String(host), port: port), target)
    }
}
