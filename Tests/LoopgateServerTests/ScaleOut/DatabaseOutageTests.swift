import Foundation
import HumanloopAPI
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Stops the PostgreSQL server under load and starts it again. It stops the whole cluster, so it runs
/// only when asked (`LOOPGATE_TEST_OUTAGE=1`, as `scripts/test` does in a run of its own).
@Suite(
    "PostgreSQL outage",
    .enabled(if: TestServer.postgresURL != nil && ProcessInfo.processInfo.environment["LOOPGATE_TEST_OUTAGE"] == "1"))
struct DatabaseOutageTests {
    /// Runs `scripts/postgres <command>` and waits for its effect on the server's port. (Foundation's
    /// `Process` never reported the script's exit inside this test process, so the child is spawned
    /// directly and the test watches the port instead of the child.)
    static func cluster(_ command: String, expectReachable: Bool) async throws {
        var pid: pid_t = 0
        let arguments = ["/bin/bash", "scripts/postgres", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        #expect(posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0)
        let deadline = ContinuousClock.now + .seconds(30)
        while isReachable() != expectReachable, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(isReachable() == expectReachable, "scripts/postgres \(command)")
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// Whether the PostgreSQL port of `LOOPGATE_TEST_POSTGRES_URL` accepts a TCP connection.
    static func isReachable() -> Bool {
        guard let url = TestServer.postgresURL.flatMap(URLComponents.init(string:)), let port = url.port else {
            return false
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    @Test func requestsFailFastWith503AndRecoverWithoutARestart() async throws {
        let server = try TestServer()
        try await server.run { api in
            var answered: [String] = []
            for index in 0..<5 {
                let body = try await api.postJSON(
                    "/v4/completion",
                    Bodies.completion(inputs: #"{"word":"before\#(index)"}"#, extra: #","project":"outage""#))
                answered.append(try #require(body["data"]?[0]?["id"]?.stringValue))
            }
            try await Self.cluster("stop", expectReachable: false)
            var unavailable = 0
            for index in 0..<5 {
                let started = ContinuousClock.now
                let response = try await api.post(
                    "/v4/completion",
                    Bodies.completion(inputs: #"{"word":"during\#(index)"}"#, extra: #","project":"outage""#))
                let elapsed = ContinuousClock.now - started
                #expect(response.status == .serviceUnavailable, "\(response.status) \(response.text)")
                #expect(elapsed < .seconds(8), "a request took \(elapsed) with the database down")
                if response.status == .serviceUnavailable {
                    unavailable += 1
                    #expect(try response.json()["detail"]?["type"] == "service_unavailable_error")
                }
            }
            #expect(unavailable == 5)
            try await Self.cluster("start", expectReachable: true)
            var recovered = false
            let deadline = ContinuousClock.now + .seconds(20)
            while !recovered, ContinuousClock.now < deadline {
                let response = try await api.post(
                    "/v4/completion", Bodies.completion(inputs: #"{"word":"after"}"#, extra: #","project":"outage""#))
                if response.status == .ok {
                    recovered = true
                    answered.append(try #require(try response.json()["data"]?[0]?["id"]?.stringValue))
                } else {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(recovered)
            for id in answered {
                #expect(try await api.get("/v4/logs/\(id)").status == .ok, "answered log \(id) is missing")
            }
        }
    }
}
