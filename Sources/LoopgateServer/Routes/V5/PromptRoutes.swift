import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 Prompts: upsert, read, list, versions, environments and deployments, move, delete, and `call`
/// (JSON, or server-sent events with `stream: true`).
struct PromptRoutes {
    let prompts: PromptService
    let gateway: Gateway
    let logs: LogService
    let fileLogs: FileLogService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("prompts/call") { request, context in
            let body = try await JSONBody.decode(PromptCallRequest.self, from: request, context: context)
            let query = QueryParameters(request: request)
            let orgID = try context.orgID
            let trace = try await fileLogs.placement(traceParentID: body.traceParentID, runID: nil, orgID: orgID)
            let prompt = try await prompts.resolve(
                id: body.id, path: body.path, versionID: query.string("version_id"),
                environment: query.string("environment"), config: try Self.inlineConfig(body.prompt), orgID: orgID)
            var generation = GenerationRequest(v5: body, prompt: prompt)
            generation.trace = trace
            if body.stream == true {
                let stream = try await gateway.stream(generation, orgID: orgID) { parts in
                    PromptCallStreamResponse(v5: parts, prompt: prompt)
                }
                return ServerSentEvents.response(for: stream, channel: context.channel)
            }
            let result = try await gateway.generate(generation, orgID: orgID)
            context.timing.addProviderTime(result.providerDuration)
            let shown = try await prompts.callAnswer(prompt, orgID: orgID) {
                try RawJSON(encoding: PromptResponse(v5: $0))
            }
            return try JSONBody.response(
                PromptCallResponse(
                    v5: result.response, prompt: shown.prompt, encodedPrompt: shown.encoded, kind: prompt.kind,
                    for: body
                ))
        }
        group.post("prompts/log") { request, context in
            let body = try await JSONBody.decode(PromptLogRequest.self, from: request, context: context)
            let query = QueryParameters(request: request)
            let orgID = try context.orgID
            let trace = try await fileLogs.placement(
                traceParentID: body.traceParentID, runID: body.runID, orgID: orgID)
            let prompt = try await prompts.resolve(
                id: body.id, path: body.path, versionID: query.string("version_id"),
                environment: query.string("environment"), config: try Self.inlineConfig(body.prompt), orgID: orgID)
            var entry = LogEntry(v5: body, prompt: prompt)
            entry.trace = trace
            let recorded = try await logs.record([entry], isList: false, orgID: orgID)
            return try JSONBody.response(
                CreatePromptLogResponse(
                    id: recorded[0].id, promptID: prompt.fileID, versionID: prompt.versionID,
                    sessionID: recorded[0].sessionID))
        }
        group.patch("prompts/:id/log/:log_id") { request, context in
            let body = try await JSONBody.decode(PromptLogUpdateRequest.self, from: request, context: context)
            let logID = try context.parameters.require("log_id")
            try await prompts.updateLog(
                promptID: try context.parameters.require("id"), logID: logID, LogUpdate(v5: body),
                orgID: try context.orgID)
            return try JSONBody.response(V5LogResponse(v5: try await fileLogs.log(id: logID, orgID: try context.orgID)))
        }
        group.post("prompts") { request, context in
            let body = try await JSONBody.decode(PromptUpsertRequest.self, from: request, context: context)
            let prompt = try await prompts.upsert(
                id: body.id, path: body.path, config: ModelConfigRequest(v5: body.kernel), orgID: try context.orgID)
            return try JSONBody.response(PromptResponse(v5: prompt))
        }
        group.get("prompts") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let (records, total) = try await prompts.list(
                name: query.string("name"), page: page, size: size, orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map(PromptResponse.init(v5:)), page: page, size: size, total: total))
        }
        group.get("prompts/:id") { request, context in
            let query = QueryParameters(request: request)
            let prompt = try await prompts.prompt(
                id: try context.parameters.require("id"), versionID: query.string("version_id"),
                environment: query.string("environment"), orgID: try context.orgID)
            return try JSONBody.response(PromptResponse(v5: prompt))
        }
        group.patch("prompts/:id") { request, context in
            let body = try await JSONBody.decode(PromptMoveRequest.self, from: request, context: context)
            let prompt = try await prompts.move(
                id: try context.parameters.require("id"), path: body.path, name: body.name, orgID: try context.orgID)
            return try JSONBody.response(PromptResponse(v5: prompt))
        }
        group.delete("prompts/:id") { _, context in
            try await prompts.delete(id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.get("prompts/:id/serialize") { request, context in
            let query = QueryParameters(request: request)
            let text = try await prompts.serialize(
                id: try context.parameters.require("id"), versionID: query.string("version_id"),
                environment: query.string("environment"), orgID: try context.orgID)
            // The SDK hands the body to its caller as it is: the file's text, not a JSON string.
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        group.post("prompts/deserialize") { request, context in
            let body = try await JSONBody.decode(PromptDeserializeRequest.self, from: request, context: context)
            return try JSONBody.response(PromptKernelRequest(v5: try prompts.deserialize(body.prompt)))
        }
        group.post("prompts/:id/populate") { request, context in
            let inputs = try await JSONBody.decode(JSONObject.self, from: request, context: context)
            let query = QueryParameters(request: request)
            let (prompt, populated) = try await prompts.populate(
                id: try context.parameters.require("id"), versionID: query.string("version_id"),
                environment: query.string("environment"), inputs: inputs, orgID: try context.orgID)
            let template: PromptTemplate? =
                switch populated {
                case .text(let text): .text(text)
                case .messages(let messages): .messages(messages)
                case .none: nil
                }
            return try JSONBody.response(
                PopulateTemplateResponse(prompt: PromptResponse(v5: prompt), populatedTemplate: template))
        }
        group.get("prompts/:id/versions") { _, context in
            let versions = try await prompts.versions(
                id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(ListPrompts(records: versions.map(PromptResponse.init(v5:))))
        }
        group.get("prompts/:id/environments") { _, context in
            let environments = try await prompts.environments(
                id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(
                environments.map { environment, prompt in
                    FileEnvironmentResponse(
                        environment: EnvironmentResponseV5(v5: environment),
                        file: prompt.map { .prompt(PromptResponse(v5: $0)) })
                })
        }
        group.post("prompts/:id/environments/:environment_id") { request, context in
            let prompt = try await prompts.deploy(
                id: try context.parameters.require("id"),
                environmentID: try context.parameters.require("environment_id"),
                versionID: try QueryParameters(request: request).requiredString("version_id"), orgID: try context.orgID)
            return try JSONBody.response(PromptResponse(v5: prompt))
        }
        group.delete("prompts/:id/environments/:environment_id") { _, context in
            try await prompts.undeploy(
                id: try context.parameters.require("id"),
                environmentID: try context.parameters.require("environment_id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
    }

    /// The config given inline as `prompt`: a kernel object. The text of a `.prompt` file is not taken here.
    static func inlineConfig(_ definition: PromptDefinition?) throws -> ModelConfigRequest? {
        switch definition {
        case nil: return nil
        case .kernel(let kernel): return ModelConfigRequest(v5: kernel)
        case .file:
            throw GatewayError.invalid(
                ["body", "prompt"], "give the prompt as an object (the .prompt file text is not accepted here)")
        }
    }
}
