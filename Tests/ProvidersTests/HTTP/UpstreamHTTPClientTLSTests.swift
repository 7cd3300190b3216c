import Foundation
import NIOCore
import NIOSSL
import Testing

@testable import Providers

/// Every hosted provider is reached over TLS, so the client's `https` path is tested against a real TLS
/// server: a certificate for `localhost` made for the test by `openssl`, trusted by one client and not by
/// another.
@Suite("The provider HTTP client over TLS")
struct UpstreamHTTPClientTLSTests {
    @Test func httpsCallsAreEncryptedAndTheCertificateIsChecked() async throws {
        try await Self.withLocalhostCertificate { localhost async throws in
            let server = try await ScriptedHTTPServer.start(
                ScriptedHTTPServer.Script { index in .whole(body: "secret answer \(index)") },
                tls: localhost.serverContext)
            var trusting = TLSConfiguration.makeClientConfiguration()
            trusting.trustRoots = .certificates([localhost.certificate])
            let client = UpstreamHTTPClient(configuration: .init(tls: trusting))
            let stranger = UpstreamHTTPClient(configuration: .init())
            defer {
                client.shutdown()
                stranger.shutdown()
            }

            let url = "https://localhost:\(server.port)/v1/chat/completions"
            for index in 0..<2 {
                let answer = try await client.post(
                    url: url, headers: ["content-type": "application/json"], body: ByteBuffer(string: "{}"),
                    collectingUpTo: 1024)
                #expect(String(buffer: answer.body) == "secret answer \(index)")
            }
            #expect(server.connectionsOpened == 1, "the TLS connection is kept and reused")
            #expect(server.requests.first?.head.headers["host"] == ["localhost:\(server.port)"])

            // A client that does not trust the certificate refuses the connection before sending anything.
            await #expect(throws: (any Error).self) {
                try await stranger.post(url: url, headers: [:], body: ByteBuffer(string: "{}"), collectingUpTo: 1024)
            }
            #expect(server.requests.count == 2)
            await server.stop()
        }
    }

    /// A provider behind a private certificate authority: `LOOPGATE_PROVIDER_CA_FILE` names its
    /// certificate, and the server's shared client trusts it (beside the system's roots).
    @Test func aPrivateAuthorityNamedInTheEnvironmentIsTrusted() async throws {
        try await Self.withLocalhostCertificate { localhost async throws in
            let server = try await ScriptedHTTPServer.start(
                ScriptedHTTPServer.Script { _ in .whole(body: "private answer") }, tls: localhost.serverContext)
            let configuration = try ProviderConfiguration(environment: ["LOOPGATE_PROVIDER_CA_FILE": localhost.path])
            #expect(configuration.trustedCertificatesFile == localhost.path)
            let client = ProviderRegistry.makeHTTPClient(configuration: configuration)
            defer { client.shutdown() }
            let answer = try await client.post(
                url: "https://localhost:\(server.port)/v1/chat/completions", headers: [:],
                body: ByteBuffer(string: "{}"),
                collectingUpTo: 1024)
            #expect(String(buffer: answer.body) == "private answer")
            await server.stop()
        }
    }

    /// A self-signed certificate for `localhost` (and 127.0.0.1): its PEM file, the certificate, and a
    /// server TLS context presenting it.
    struct LocalhostCertificate {
        let path: String
        let certificate: NIOSSLCertificate
        let serverContext: NIOSSLContext
    }

    /// Makes a `LocalhostCertificate` with `openssl` in a temporary directory, removed after `body`.
    static func withLocalhostCertificate(_ body: (LocalhostCertificate) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loopgate-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cert.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", path, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl could not make a certificate"])
        }
        let certificate = try NIOSSLCertificate(file: path, format: .pem)
        let serverContext = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(certificate)],
                privateKey: .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem))))
        try await body(LocalhostCertificate(path: path, certificate: certificate, serverContext: serverContext))
    }
}
