import HumanloopAPI
import Testing

@Suite("Environments and deployments")
struct DeploymentTests {
    /// Registers two configs in a project; returns (project id, first config id, second config id).
    static func setUp(_ api: APIClient) async throws -> (String, String, String) {
        let first = try await api.postJSON(
            "/v4/model-configs", #"{"provider":"mock","model":"m","prompt_template":"first {{x}}","project":"dep"}"#)
        let second = try await api.postJSON(
            "/v4/model-configs", #"{"provider":"mock","model":"m","prompt_template":"second {{x}}","project":"dep"}"#)
        return (
            try #require(first["project_id"]?.stringValue), try #require(first["config"]?["id"]?.stringValue),
            try #require(second["config"]?["id"]?.stringValue)
        )
    }

    @Test func everyEnvironmentIsListedWithItsID() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, firstID, _) = try await Self.setUp(api)
            let deployed = try #require(try await api.getJSON("/v4/projects/\(projectID)/deployed-configs").array)
            #expect(
                deployed.compactMap { $0["environment_name"]?.stringValue } == ["production", "staging", "development"])
            #expect(deployed[0]["environment_tag"] == "default")
            #expect(deployed[0]["model_config_id"]?.stringValue == firstID)
            #expect(deployed[1]["model_config_id"] == .null)
            #expect(deployed.allSatisfy { $0["environment_id"]?.stringValue?.hasPrefix("env_") == true })
        }
    }

    @Test func aDeploymentChangeTakesEffectOnTheNextCall() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, _, secondID) = try await Self.setUp(api)
            let body = #"{"project":"dep","inputs":{"x":"call"}}"#
            #expect(try await api.postJSON("/v4/completion-deployed", body)["data"]?[0]?["output"] == "first call")

            let environments = try #require(try await api.getJSON("/v4/projects/\(projectID)/deployed-configs").array)
            let productionID = try #require(environments[0]["environment_id"]?.stringValue)
            let stagingID = try #require(environments[1]["environment_id"]?.stringValue)
            let deployed = try await api.patch(
                "/v4/projects/\(projectID)/deploy-config",
                #"{"config_id":"\#(secondID)","environments":[{"id":"\#(productionID)"},{"id":"\#(stagingID)"}]}"#)
            #expect(deployed.status == .ok)
            #expect(try deployed.json()[1]?["model_config_id"]?.stringValue == secondID)

            #expect(try await api.postJSON("/v4/completion-deployed", body)["data"]?[0]?["output"] == "second call")
            let staging = try await api.postJSON(
                "/v4/completion-deployed", #"{"project_id":"\#(projectID)","environment":"staging","inputs":{"x":"s"}}"#
            )
            #expect(staging["data"]?[0]?["output"] == "second s")
            let chat = try await api.postJSON(
                "/v4/chat-deployed", #"{"project":"dep","messages":[{"role":"user","content":"deployed chat"}]}"#)
            #expect(chat["data"]?[0]?["model_config_id"]?.stringValue == secondID)

            // Removing the deployment: nothing deployed is a 404 that says so.
            let removed = try await api.delete("/v4/projects/\(projectID)/deployed-config/\(stagingID)")
            #expect(removed.status == .ok)
            let nothing = try await api.post(
                "/v4/completion-deployed", #"{"project":"dep","environment":"staging","inputs":{"x":"s"}}"#)
            #expect(nothing.status == .notFound)
            #expect(try nothing.json()["detail"]?["message"]?.stringValue?.contains("staging") == true)
        }
    }

    @Test func deployedCallsNeedAnExistingProjectAndEnvironment() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            _ = try await Self.setUp(api)
            let unknownProject = try await api.post(
                "/v4/completion-deployed", #"{"project":"typo","inputs":{"x":"a"}}"#)
            #expect(unknownProject.status == .notFound)
            #expect(try await api.getJSON("/v4/projects")["total"] == 1)
            let unknownEnvironment = try await api.post(
                "/v4/completion-deployed", #"{"project":"dep","environment":"nowhere","inputs":{"x":"a"}}"#)
            #expect(unknownEnvironment.status == .notFound)
            let noProject = try await api.post("/v4/chat-deployed", #"{"messages":[]}"#)
            #expect(noProject.status == .unprocessableContent)
        }
    }

    @Test func deactivatingTheActiveConfigLeavesNothingDeployed() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, _, secondID) = try await Self.setUp(api)
            let project = try await api.delete("/v4/projects/\(projectID)/active-config")
            #expect(project.status == .ok)
            #expect(try project.json()["active_config"] == .null)
            #expect(try await api.get("/v4/projects/\(projectID)/active-config").status == .notFound)
            // PATCH active_config_id deploys to the default environment again.
            let updated = try await api.patch("/v4/projects/\(projectID)", #"{"active_config_id":"\#(secondID)"}"#)
            #expect(try updated.json()["active_config"]?["config"]?["id"]?.stringValue == secondID)
        }
    }
}
