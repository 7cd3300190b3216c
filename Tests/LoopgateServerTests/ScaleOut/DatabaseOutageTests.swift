import Foundation
import HumanloopAPI
import Testing

/// Stops the PostgreSQL server under load and starts it again. It stops the whole cluster, so it runs
/// only when asked (`LOOPGATE_TEST_OUTAGE=1`, as `scripts/test` does in a run of its own).
@Suite(
    "PostgreSQL outage",
    .enabled(if: TestServer.postgresURL != nil && ProcessInfo.processInfo.environment["LOOPGATE_TEST_OUTAGE"] == "1"))
struct DatabaseOutageTests {
    /// Runs `scripts/postgres <command>`. (`waitUntilExit` can hang off the main thread on Linux, so
    /// the exit is awaited through the termination handler.)
    static func cluster(_ command: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/postgres", command]
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        #expect(status == 0, "scripts/postgres \(command)")
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
            try await Self.cluster("stop")
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
            try await Self.cluster("start")
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
