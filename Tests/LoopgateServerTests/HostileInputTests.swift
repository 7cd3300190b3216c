import Foundation
import HumanloopAPI
import Testing

@testable import LoopgateServer

/// Hostile input gets a clear 4xx from a server that stays up, in bounded time (issue 28, item 3).
@Suite("Hostile input")
struct HostileInputTests {
    @Test func hostileBodiesPathsAndQueriesAreClear4xx() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            // Nesting past the parser's 512 levels: refused at once, saying so.
            let started = ContinuousClock.now
            let deep = try await api.post(
                "/v4/chat", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
            #expect(deep.status == .unprocessableContent && ContinuousClock.now - started < .seconds(2))
            #expect(try deep.json()["detail"]?[0]?["msg"]?.stringValue?.contains("nested too deeply") == true)
            // A body of another type is not read as JSON.
            #expect(try await api.post("/v4/chat", "hello", contentType: "text/plain").status == .unprocessableContent)
            // Traversal, NUL and SQL in paths and queries are only text: nothing found, nothing run.
            #expect(try await api.get("/v4/projects/pr_%00..%2F..%2Fetc").status == .notFound)
            #expect(try await api.get("/v5/prompts/..%2F..%2Fprojects").status == .notFound)
            let injected = try await api.get("/v4/projects?filter=%27%3B%20DROP%20TABLE%20projects%3B--")
            #expect(injected.status == .ok)
            #expect(try injected.json()["records"] == [])
            _ = try await api.postJSON("/v4/projects", #"{"name":"still-here"}"#)
            #expect(try await api.getJSON("/v4/projects")["total"] == 1)
            // Paging outside its range, and absurd sample counts.
            for query in ["page=-1", "size=0", "size=99999999999999999999", "page=abc"] {
                #expect(try await api.get("/v4/projects?\(query)").status == .unprocessableContent, "\(query)")
            }
            #expect(try await api.get("/v5/prompts?page=0").status == .unprocessableContent)
            let samples = try await api.post("/v4/chat", Bodies.chat(extra: #","num_samples":1000000"#))
            #expect(samples.status == .unprocessableContent)
        }
    }

    @Test func oversizedHeadsAreRefusedAndPipelinedRequestsAnswered() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let port = try #require(api.client.port)
            let big = try await RawConnection.open(port: port)
            try await big.send(
                "GET /v4/projects HTTP/1.1\r\nHost: x\r\nX-API-KEY: \(TestServer.apiKey)\r\nX-Big: "
                    + String(repeating: "a", count: 200_000) + "\r\n\r\n")
            let refused = try await big.waitFor { $0.hasPrefix("HTTP/1.1 400") }
            #expect(refused || big.isClosed)
            await big.close()
            let pipelined = try await RawConnection.open(port: port)
            let one = "GET /v4/projects HTTP/1.1\r\nHost: x\r\nX-API-KEY: \(TestServer.apiKey)\r\n\r\n"
            try await pipelined.send(String(repeating: one, count: 5))
            #expect(try await pipelined.waitFor { $0.components(separatedBy: "HTTP/1.1 200").count - 1 == 5 })
            await pipelined.close()
            // The server still answers.
            #expect(try await api.get("/v4/projects").status == .ok)
        }
    }
}
