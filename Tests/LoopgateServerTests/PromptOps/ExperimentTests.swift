import HumanloopAPI
import Testing

@Suite("Experiments and feedback")
struct ExperimentTests {
    /// A project with an experiment over two chat configs ("alpha" and "beta") whose positive label is
    /// rating = good. Returns (project id, experiment id, alpha id, beta id).
    static func setUp(_ api: APIClient, setActive: Bool = false) async throws -> (String, String, String, String) {
        let alpha = try await api.postJSON(
            "/v4/model-configs", #"{"provider":"mock","model":"alpha","name":"alpha","project":"exp"}"#)
        let beta = try await api.postJSON(
            "/v4/model-configs", #"{"provider":"mock","model":"beta","name":"beta","project":"exp"}"#)
        let projectID = try #require(alpha["project_id"]?.stringValue)
        let alphaID = try #require(alpha["config"]?["id"]?.stringValue)
        let betaID = try #require(beta["config"]?["id"]?.stringValue)
        let experiment = try await api.postJSON(
            "/v4/projects/\(projectID)/experiments",
            #"{"name":"which","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["\#(alphaID)","\#(betaID)"],"set_active":\#(setActive)}"#
        )
        #expect(experiment["status"] == "Initialized")
        #expect(experiment["metric"]?["id"] == "metric_positive_rate")
        #expect(experiment["configs"]?.array?.count == 2)
        return (projectID, try #require(experiment["id"]?.stringValue), alphaID, betaID)
    }

    @Test func samplingConvergesToTheConfigWithBetterFeedback() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, experimentID, alphaID, betaID) = try await Self.setUp(api)
            var lateAlpha = 0
            let rounds = 150
            for round in 0..<rounds {
                let answer = try await api.postJSON(
                    "/v4/chat-experiment",
                    #"{"experiment_id":"\#(experimentID)","messages":[{"role":"user","content":"hi"}]}"#)
                let sample = try #require(answer["data"]?[0])
                let configID = try #require(sample["model_config_id"]?.stringValue)
                #expect(configID == alphaID || configID == betaID)
                // alpha pleases users 90% of the time, beta 10%: a deterministic pattern, not a coin.
                let good = configID == alphaID ? round % 10 != 0 : round % 10 == 0
                _ = try await api.postJSON(
                    "/v4/feedback",
                    #"{"type":"rating","value":"\#(good ? "good" : "bad")","data_id":"\#(sample["id"]!.stringValue!)"}"#
                )
                if round >= rounds - 50, configID == alphaID { lateAlpha += 1 }
            }
            // Thompson sampling with this gap picks alpha almost always once it has learned; a uniform
            // pick would give ~25 of 50.
            #expect(lateAlpha >= 40, "alpha chosen \(lateAlpha) of the last 50 calls")

            let experiment = try #require(try await api.getJSON("/v4/projects/\(projectID)/experiments")[0])
            #expect(experiment["status"] == "In progress")
            let configs = try #require(experiment["configs"]?.array)
            let trials = configs.compactMap { $0["trials_count"]?.int }.reduce(0, +)
            #expect(trials == rounds)
            let alpha = try #require(configs.first { $0["id"]?.stringValue == alphaID })
            let beta = try #require(configs.first { $0["id"]?.stringValue == betaID })
            #expect((alpha["mean"]?.number ?? 0) > (beta["mean"]?.number ?? 1))
        }
    }

    @Test func eachLogCountsOnceAndANegativeValueTakesItBack() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, experimentID, _, _) = try await Self.setUp(api)
            let answer = try await api.post(
                "/v4/completion-experiment", #"{"experiment_id":"\#(experimentID)","inputs":{}}"#)
            // Chat configs have no prompt template: a completion from this experiment is a clear 422.
            #expect(answer.status == .unprocessableContent)
            #expect(try answer.json()["detail"]?[0]?["loc"] == ["body", "model_config", "prompt_template"])

            let chat = try await api.postJSON(
                "/v4/chat-experiment",
                #"{"experiment_id":"\#(experimentID)","messages":[{"role":"user","content":"x"}]}"#)
            let logID = try #require(chat["data"]?[0]?["id"]?.stringValue)
            func successes() async throws -> Int {
                let configs = try await api.getJSON("/v4/projects/\(projectID)/experiments")[0]?["configs"]?.array ?? []
                // successes are visible through the posterior mean: with one trial, 2/3 means one success.
                return configs.filter { ($0["mean"]?.number ?? 0) > 0.6 }.count
            }
            let good = #"{"type":"rating","value":"good","data_id":"\#(logID)"}"#
            _ = try await api.postJSON("/v4/feedback", good)
            _ = try await api.postJSON("/v4/feedback", good)
            #expect(try await successes() == 1)
            _ = try await api.postJSON("/v4/feedback", #"{"type":"rating","value":"bad","data_id":"\#(logID)"}"#)
            #expect(try await successes() == 0)
            _ = try await api.postJSON("/v4/feedback", good)
            _ = try await api.postJSON("/v4/feedback", #"{"type":"rating","unset":true,"data_id":"\#(logID)"}"#)
            #expect(try await successes() == 0)
            // Feedback of a type with no positive label changes nothing.
            _ = try await api.postJSON("/v4/feedback", #"{"type":"comment","value":"nice","data_id":"\#(logID)"}"#)
            #expect(try await successes() == 0)
        }
    }

    @Test func updatingDeletingAndSamplingWithATrialID() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (projectID, experimentID, alphaID, betaID) = try await Self.setUp(api, setActive: true)
            // A deployed experiment samples on the -deployed endpoints.
            let deployed = try await api.postJSON(
                "/v4/chat-deployed", #"{"project_id":"\#(projectID)","messages":[{"role":"user","content":"d"}]}"#)
            let deployedConfig = deployed["data"]?[0]?["model_config_id"]?.stringValue
            #expect(deployedConfig == alphaID || deployedConfig == betaID)
            #expect(
                try await api.getJSON("/v4/projects/\(projectID)")["active_experiment"]?["id"]?.stringValue
                    == experimentID)

            let updated = try await api.patch(
                "/v4/experiments/\(experimentID)", #"{"name":"renamed","config_ids_to_deregister":["\#(betaID)"]}"#)
            #expect(try updated.json()["name"] == "renamed")
            let active = try updated.json()["configs"]?.array?.filter { $0["active"] == true }
            #expect(active?.compactMap { $0["id"]?.stringValue } == [alphaID])

            let sample = try await api.getJSON("/v4/experiments/\(experimentID)/model-config")
            #expect(sample["config"]?["id"]?.stringValue == alphaID)
            let trialID = try #require(sample["trial_id"]?.stringValue)
            let logged = try await api.postJSON(
                "/v4/logs", #"{"project_id":"\#(projectID)","trial_id":"\#(trialID)","output":"made elsewhere"}"#)
            #expect(logged["id"]?.stringValue?.hasPrefix("data_") == true)
            let experiment = try await api.getJSON("/v4/projects/\(projectID)/experiments")[0]
            let alphaTrials = experiment?["configs"]?.array?.first { $0["id"]?.stringValue == alphaID }?["trials_count"]
            #expect(alphaTrials == 2 || alphaTrials == 1)

            #expect(try await api.delete("/v4/experiments/\(experimentID)").status == .noContent)
            #expect(try await api.getJSON("/v4/projects/\(projectID)/experiments") == [])
            let gone = try await api.post(
                "/v4/chat-experiment", #"{"experiment_id":"\#(experimentID)","messages":[]}"#)
            #expect(gone.status == .notFound)
        }
    }

    @Test func feedbackMirrorsItsFormAndUnknownLogsWriteNothing() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let chat = try await api.postJSON("/v4/chat", Bodies.chat(extra: #","project":"fb""#))
            let logID = try #require(chat["data"]?[0]?["id"]?.stringValue)
            let single = try await api.postJSON(
                "/v4/feedback", #"{"type":"rating","value":"good","data_id":"\#(logID)","user":"u1"}"#)
            #expect(single["id"]?.stringValue?.hasPrefix("ann_") == true)
            #expect(single["value"] == "good")
            let list = try await api.postJSON(
                "/v4/feedback",
                #"[{"type":"comment","value":"fine","data_id":"\#(logID)"},{"type":"my_score","value":7,"data_id":"\#(logID)"}]"#
            )
            #expect(list.array?.count == 2)

            let bad = try await api.post(
                "/v4/feedback",
                #"[{"type":"comment","value":"lost","data_id":"\#(logID)"},{"type":"rating","value":"good","data_id":"data_unknown"}]"#
            )
            #expect(bad.status == .notFound)
            let log = try await api.getJSON("/v4/logs/\(logID)")
            let values = log["feedback"]?.array?.compactMap { $0["value"] }
            #expect(values == ["good", "fine", 7])

            let missingValue = try await api.post("/v4/feedback", #"{"type":"rating","data_id":"\#(logID)"}"#)
            #expect(missingValue.status == .unprocessableContent)

            let projectID = try #require(chat["project_id"]?.stringValue)
            let stats = try await api.getJSON("/v4/projects/\(projectID)/configs")[0]?["feedback_stats"]?.array ?? []
            #expect(
                stats.contains {
                    $0["feedback_type"] == "rating" && $0["feedback_value"] == "good" && $0["feedback_count"] == 1
                })
        }
    }
}

extension JSONValue {
    var number: Double? {
        switch self {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}
