import HumanloopAPI
import Testing

/// v5 directories (CONTRACT-v5.md, "Paths and directories").
@Suite("v5 Directories")
struct DirectoryTests {
    @Test func everyParentOfAFilesPathIsADirectoryWithItsContents() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let bot = try await PromptTests.upsert(api, path: "team/support/bot")
            // A v4 project's name is a path too.
            _ = try await api.postJSON("/v4/projects", #"{"name":"team/legacy/old"}"#)
            let all = try #require(try await api.getJSON("/v5/directories").array)
            #expect(all.compactMap { $0["path"]?.stringValue } == ["team", "team/legacy", "team/support"])
            let team = try #require(all.first { $0["path"] == "team" })
            let support = try #require(all.first { $0["path"] == "team/support" })
            #expect(team["parent_id"] == .null && team["tags"] == [])
            #expect(support["parent_id"] == team["id"] && support["name"] == "support")
            #expect(bot["directory_id"] == support["id"])

            let contents = try await api.getJSON("/v5/directories/\(support["id"]?.stringValue ?? "")")
            #expect(contents["files"]?.array?.compactMap { $0["id"] } == [bot["id"]].compactMap { $0 })
            #expect(contents["subdirectories"] == [])
            #expect(contents["parents"]?.array?.compactMap { $0["path"]?.stringValue } == ["team"])
            let top = try await api.getJSON("/v5/directories/\(team["id"]?.stringValue ?? "")")
            #expect(
                top["subdirectories"]?.array?.compactMap { $0["path"]?.stringValue } == ["team/legacy", "team/support"])
            #expect(top["files"] == [] && top["parents"] == [])
            #expect(try await api.get("/v5/directories/dir_nope").status == .notFound)
        }
    }

    @Test func aDirectoryIsMadeMovedWithEverythingBelowAndDeletedWhenEmpty() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let made = try await api.postJSON("/v5/directories", #"{"path":"/a/b/"}"#)
            #expect(made["path"] == "a/b" && made["name"] == "b" && made["parent_id"] != .null)
            let parentID = try #require(made["parent_id"]?.stringValue)
            let named = try await api.postJSON("/v5/directories", #"{"name":"c","parent_id":"\#(parentID)"}"#)
            #expect(named["path"] == "a/c")
            // A path names one thing.
            #expect(try await api.post("/v5/directories", #"{"path":"a/b"}"#).status == .conflict)
            #expect(
                try await api.post("/v5/prompts", #"{"path":"a/b",\#(PromptTests.chatKernel)}"#).status == .conflict)
            let bot = try await PromptTests.upsert(api, path: "a/b/bot")
            #expect(try await api.post("/v5/directories", #"{"path":"a/b/bot"}"#).status == .conflict)
            #expect(try await api.post("/v5/directories", #"{"path":"x//y"}"#).status == .unprocessableContent)
            #expect(try await api.post("/v5/directories", #"{"name":"q","parent_id":"dir_nope"}"#).status == .notFound)

            // Moving a directory moves what is below it, the v4 project's name too; its id stays.
            let bID = try #require(made["id"]?.stringValue)
            let moved = try await api.patch("/v5/directories/\(bID)", #"{"path":"z/b2"}"#)
            #expect(moved.status == .ok)
            #expect(try moved.json()["path"] == "z/b2" && moved.json()["id"] == made["id"])
            let botID = try #require(bot["id"]?.stringValue)
            #expect(try await api.getJSON("/v5/prompts/\(botID)")["path"] == "z/b2/bot")
            #expect(try await api.getJSON("/v4/projects/\(botID)")["name"] == "z/b2/bot")
            #expect(
                try await api.post("/v5/prompts/call", #"{"path":"z/b2/bot","inputs":{"name":"x"},"messages":[]}"#)
                    .status == .ok)
            #expect(
                try await api.patch("/v5/directories/\(bID)", #"{"name":"c","parent_id":"\#(parentID)"}"#).status
                    == .conflict)
            #expect(
                try await api.patch("/v5/directories/\(bID)", #"{"path":"z/b2/inner"}"#).status == .unprocessableContent
            )
            let renamed = try await api.patch("/v5/directories/\(bID)", #"{"name":"b3"}"#)
            #expect(try renamed.json()["path"] == "z/b3")

            #expect(try await api.delete("/v5/directories/\(bID)").status == .conflict)
            #expect(try await api.delete("/v5/prompts/\(botID)").status == .noContent)
            #expect(try await api.delete("/v5/directories/\(bID)").status == .noContent)
            #expect(try await api.get("/v5/directories/\(bID)").status == .notFound)
        }
    }
}
