import HumanloopAPI
import LoopgateCore

// v4's `POST /logs` items onto the core's log entries, and back: the one place their fields are read.

extension LogEntry {
    init(v4 item: LogRequest) {
        self.init()
        project = ProjectReference(id: item.projectID, name: item.project)
        if let inline = item.config {
            config = .inline(inline)
        } else if let configID = item.configID {
            config = .stored(id: configID)
        } else if let trialID = item.trialID {
            config = .trial(id: trialID)
        }
        links = LogLinkReferences(
            session: LinkReference(id: item.sessionID, referenceID: item.sessionReferenceID),
            parent: LinkReference(id: item.parentID, referenceID: item.parentReferenceID))
        referenceID = item.referenceID
        environment = item.environment
        source = item.source
        user = item.user
        sourceDatapointID = item.sourceDatapointID
        save = item.save ?? true
        createdAt = item.createdAt
        error = item.error
        duration = item.duration
        promptTokens = item.promptTokens
        outputTokens = item.outputTokens
        inputs = item.inputs
        metadata = item.metadata
        messages = item.messages
        output = item.output
        outputMessage = item.outputMessage
        providerRequest = item.providerRequest
        providerResponse = item.providerResponse
        feedback = item.feedback?.items ?? []
    }
}

extension CreateLogResponse {
    init(v4 log: RecordedLog) {
        self.init(id: log.id, projectID: log.projectID, sessionID: log.sessionID)
    }
}
