import HumanloopAPI
import LoopgateCore

extension VersionedFileResponse {
    /// A Tool, Flow, Evaluator or Dataset at a version: its definition is the kernel the SDK reads (a
    /// Dataset's datapoint ids stay inside: its datapoints are read on their own).
    init(v5 file: VersionedFile, datapoints: [Datapoint]? = nil) {
        var kernel = file.definition.dictionary
        kernel["datapoint_ids"] = nil
        if file.kind == .flow, kernel["attributes"] == nil { kernel["attributes"] = .object(JSONObject()) }
        self.init(
            type: file.kind.rawValue, path: file.path, id: file.id, name: file.name, versionID: file.version.id,
            kernel: JSONObject(ordered: kernel.sorted { $0.key < $1.key }),
            environments: file.environments.map(EnvironmentResponseV5.init(v5:)), createdAt: file.file.createdAt,
            updatedAt: file.file.updatedAt, lastUsedAt: file.lastUsedAt, versionLogsCount: file.versionLogCount)
        directoryID = file.directoryID
        versionName = file.version.name
        versionDescription = file.version.description
        description = file.file.description
        readme = file.file.readme
        tags = file.tags
        switch file.kind {
        case .tool, .evaluator:
            totalLogsCount = file.totalLogCount
            inputs = []
        case .dataset:
            datapointsCount = DatasetService.datapointIDs(ofVersionBody: file.version).count
            self.datapoints = datapoints?.map(DatapointResponse.init(v5:))
        case .flow:
            break
        }
    }
}

extension DatapointResponse {
    init(v5 datapoint: Datapoint) {
        self.init(id: datapoint.id, inputs: datapoint.inputs, messages: datapoint.messages, target: datapoint.target)
    }
}

extension V5FileResponse {
    init(v5 file: LoggedFile) {
        switch file {
        case .prompt(let prompt): self = .prompt(PromptResponse(v5: prompt))
        case .file(let file): self = .file(VersionedFileResponse(v5: file))
        }
    }
}

extension V5LogResponse {
    /// Any log as v5 reads it, with its judgments and (when read) its trace below it.
    init(v5 log: FileLog) {
        let stored = log.log
        let file: File =
            switch log.file {
            case .prompt(let prompt): .prompt(PromptResponse(v5: prompt))
            case .file(let file): .file(VersionedFileResponse(v5: file))
            }
        self.init(
            id: stored.id, file: file, save: stored.saved, createdAt: stored.createdAt, logStatus: stored.logStatus)
        output = stored.output
        outputMessage = stored.outputMessage
        messages = stored.messages
        toolChoice = stored.toolChoice
        inputs = stored.inputs
        metadata = stored.metadata
        source = stored.source
        user = stored.user
        environment = stored.environment
        sourceDatapointID = stored.sourceDatapointID
        promptTokens = stored.promptTokens
        outputTokens = stored.outputTokens
        finishReason = stored.finishReason
        providerLatency = stored.providerLatency
        providerRequest = stored.providerRequest
        providerResponse = stored.providerResponse
        error = stored.error
        traceParentID = stored.traceParentID
        traceID = stored.traceID
        traceFlowID = log.traceFlowID
        parentID = stored.parentID
        judgment = stored.judgment
        markedCompleted = stored.markedCompleted
        evaluatorLogs = log.evaluatorLogs.map(V5LogResponse.init(v5:))
        traceChildren = log.traceChildren?.map(V5LogResponse.init(v5:))
    }
}
