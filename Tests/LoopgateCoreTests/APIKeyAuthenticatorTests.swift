import LoopgateCore
import Synchronization
import Testing

@Suite("APIKeyAuthenticator")
struct APIKeyAuthenticatorTests {
    struct LookupFailed: Error {}

    /// A lookup that counts its calls, takes `delay`, and answers from `answers` in turn (the last one
    /// repeats); a `nil` answer is an unknown key, a thrown one a failed query.
    final class ScriptedLookup: Sendable {
        let calls = Atomic<Int>(0)
        let answers: [Result<String?, LookupFailed>]
        let delay: Duration

        init(_ answers: [Result<String?, LookupFailed>], delay: Duration = .zero) {
            self.answers = answers
            self.delay = delay
        }

        func callAsFunction(_ keyHash: String) async throws -> String? {
            let call = calls.add(1, ordering: .relaxed).newValue
            if delay > .zero { try await Task.sleep(for: delay) }
            #expect(keyHash == APIKey.hash("lg_key"))
            return try answers[min(call, answers.count) - 1].get()
        }
    }

    @Test func concurrentMissesShareOneLookup() async throws {
        let lookup = ScriptedLookup([.success("org_1")], delay: .milliseconds(100))
        let authenticator = APIKeyAuthenticator(ttl: .seconds(60)) { try await lookup($0) }
        let answers = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<200 {
                group.addTask { try await authenticator.organizationID(forKey: "lg_key") }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(answers.count == 200)
        #expect(answers.allSatisfy { $0 == "org_1" })
        #expect(lookup.calls.load(ordering: .relaxed) == 1)
        // Within the TTL the cached answer serves.
        #expect(try await authenticator.organizationID(forKey: "lg_key") == "org_1")
        #expect(lookup.calls.load(ordering: .relaxed) == 1)
    }

    @Test func anExpiredEntryIsLookedUpAgain() async throws {
        // The key is revoked between the two lookups.
        let lookup = ScriptedLookup([.success("org_1"), .success(nil)])
        let authenticator = APIKeyAuthenticator(ttl: .milliseconds(50)) { try await lookup($0) }
        #expect(try await authenticator.organizationID(forKey: "lg_key") == "org_1")
        try await Task.sleep(for: .milliseconds(120))
        #expect(try await authenticator.organizationID(forKey: "lg_key") == nil)
        #expect(lookup.calls.load(ordering: .relaxed) == 2)
    }

    @Test func aFailedLookupFailsItsWaitersAndIsNotCached() async throws {
        let lookup = ScriptedLookup([.failure(LookupFailed()), .success("org_1")], delay: .milliseconds(200))
        let authenticator = APIKeyAuthenticator(ttl: .seconds(60)) { try await lookup($0) }
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await authenticator.organizationID(forKey: "lg_key")
                        return false
                    } catch {
                        return error is LookupFailed
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 20)
        #expect(lookup.calls.load(ordering: .relaxed) == 1)
        #expect(try await authenticator.organizationID(forKey: "lg_key") == "org_1")
        #expect(lookup.calls.load(ordering: .relaxed) == 2)
    }
}
