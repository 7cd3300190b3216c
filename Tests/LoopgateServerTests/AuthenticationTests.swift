import Foundation
import HumanloopAPI
import LoopgateCore
import Storage
import Testing

@Suite("API keys and organisations")
struct AuthenticationTests {
    @Test func healthzAnswersWithoutAKey() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.get("/healthz", key: nil)
            #expect(response.status == .ok)
            #expect(try response.json()["status"] == "ok")
        }
    }

    @Test func missingKeyIs401WithJSONBody() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post("/v4/completion", Bodies.completion(), key: nil)
            #expect(response.status == .unauthorized)
            let detail = try response.json()["detail"]
            #expect(detail?["type"] == "authentication_error")
            #expect(detail?["code"] == 401)
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test func unknownKeyIs401OnEveryV4Route() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            for path in ["/v4/projects", "/v4/logs?project_id=pr_x", "/v4/projects/pr_x", "/v4/logs/data_x"] {
                let response = try await api.get(path, key: "lg_notAKeyAtAll")
                #expect(response.status == .unauthorized, "\(path)")
            }
            let chat = try await api.post("/v4/chat", Bodies.chat(), key: "lg_notAKeyAtAll")
            #expect(chat.status == .unauthorized)
        }
    }

    @Test func keysAreStoredHashedNeverInClear() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.get("/v4/projects")
            #expect(response.status == .ok)
        }
        #expect(try await server.databaseContains(TestServer.apiKey) == false)
        #expect(try await server.databaseContains(APIKey.hash(TestServer.apiKey)))
    }

    @Test func aRevokedKeyStopsWorking() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let extraKey = try await server.withStore { store in
            try await store.migrate()
            return try await KeyManagement(store: store).createKey()
        }
        try await server.run { api in
            let response = try await api.get("/v4/projects", key: extraKey)
            #expect(response.status == .ok)
        }
        let revoked = try await server.withStore { store in
            try await KeyManagement(store: store).revoke(prefix: APIKey.displayPrefix(extraKey))
        }
        #expect(revoked == 1)
        try await server.run { api in
            let revokedAnswer = try await api.get("/v4/projects", key: extraKey)
            let liveAnswer = try await api.get("/v4/projects")
            #expect(revokedAnswer.status == .unauthorized)
            #expect(liveAnswer.status == .ok)
        }
    }

    /// Issue 21: a prefix of 9 to 34 characters found nothing, because only the first 11 are stored.
    /// Every beginning of a key from 6 characters to the whole key revokes it, and only it.
    @Test func everyBeginningOfAKeyFromSixCharactersToTheWholeKeyRevokesIt() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let keys = try await server.withStore { store in
            try await store.migrate()
            let management = KeyManagement(store: store)
            var keys: [String] = []
            for _ in 0..<(35 - 6 + 1) { keys.append(try await management.createKey()) }
            return keys
        }
        let lengths = Array(6...35)
        let results = try await server.withStore { store in
            var results: [Int] = []
            for (key, length) in zip(keys, lengths) {
                results.append(try await KeyManagement(store: store).revoke(prefix: String(key.prefix(length))))
            }
            return results
        }
        #expect(results == Array(repeating: 1, count: lengths.count))
        try await server.run { api in
            for key in keys {
                let answer = try await api.get("/v4/projects", key: key)
                #expect(answer.status == .unauthorized)
            }
            let live = try await api.get("/v4/projects")
            #expect(live.status == .ok)
        }
    }

    @Test func aBeginningTwoKeysShareIsRefusedAndOneThatNamesNoKeyRevokesNothing() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.withStore { store in
            try await store.migrate()
            let organization = try await store.ensureOrganization(named: "default")
            try await store.addAPIKey(hash: "hash-one", prefix: "lg_AbCdEf11", orgID: organization.id)
            try await store.addAPIKey(hash: "hash-two", prefix: "lg_AbCdEf22", orgID: organization.id)
            let management = KeyManagement(store: store)
            await #expect(throws: StoreError.self) { try await management.revoke(prefix: "lg_AbCdEf") }
            #expect(try await management.revoke(prefix: "lg_AbCdEf33") == 0)
            #expect(try await management.revoke(prefix: "lg_AbCdEf1") == 1)
            #expect(try await store.organizationID(forKeyHash: "hash-one") == nil)
            #expect(try await store.organizationID(forKeyHash: "hash-two") == organization.id)
            await #expect(throws: StoreError.self) { try await management.revoke(prefix: "lg_Ab") }
        }
    }

    /// Issue 21: `LOOPGATE_API_KEY=abc123` was accepted and stored whole in `key_prefix`.
    @Test func aShortConfiguredKeyIsRefusedAtStartAndALongOneKeepsOnly8CharactersInClear() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.withStore { store in
            try await store.migrate()
            let management = KeyManagement(store: store)
            await #expect(throws: APIKey.WeakKey.self) {
                try await management.ensureStartupKey(configuredKey: "abc123")
            }
            #expect(try await store.activeAPIKeyCount() == 0)
            let chosen = "0123456789abcdef0123456789abcdef"
            #expect(try await management.ensureStartupKey(configuredKey: chosen) == .configured)
            #expect(try await store.liveAPIKeys(prefixStartingWith: "012345").map(\.prefix) == ["01234567"])
        }
        #expect(try await server.databaseContains("abc123") == false)
        #expect(try await server.databaseContains("0123456789") == false)
    }

    @Test func oneOrganisationNeverSeesAnothersData() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let otherKey = try await server.withStore { store in
            try await store.migrate()
            return try await KeyManagement(store: store).createOrganization(named: "other").key
        }
        try await server.run { api in
            let generated = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"secret""#))
                .json()
            let projectID = try #require(generated["project_id"]?.stringValue)
            let logID = try #require(generated["data"]?[0]?["id"]?.stringValue)

            #expect(try await api.get("/v4/projects/\(projectID)", key: otherKey).status == .notFound)
            #expect(try await api.get("/v4/logs/\(logID)", key: otherKey).status == .notFound)
            #expect(try await api.get("/v4/logs?project_id=\(projectID)", key: otherKey).status == .notFound)
            let otherList = try await api.get("/v4/projects", key: otherKey).json()
            #expect(otherList["total"] == 0)
            // Naming the same project from the other organisation creates its own, separate project.
            let otherGenerated = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project":"secret""#), key: otherKey
            ).json()
            #expect(otherGenerated["project_id"]?.stringValue != projectID)
            // Using the first organisation's project id from the other is a 404, not a write.
            let crossWrite = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project_id":"\#(projectID)""#), key: otherKey)
            #expect(crossWrite.status == .notFound)
        }
    }
}
