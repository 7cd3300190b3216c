import HumanloopAPI

/// What the core asks of a database, by area. `SQLStore` is the implementation on SQLite and PostgreSQL;
/// the core depends on these protocols only, so another implementation (an in-memory one for tests, say)
/// serves it as well.
///
/// Every read and write is scoped to an organisation (`orgID`): an implementation never returns another
/// organisation's rows.
public typealias Store =
    OrganizationStore & ProjectStore & ConfigStore & DeploymentStore & ExperimentStore & FeedbackStore
    & LogStore & SessionStore & DirectoryStore & FileStore & EvaluationStore

/// Organisations, their API keys (stored as hashes) and environments.
public protocol OrganizationStore: Sendable {
    func ensureOrganization(named name: String) async throws -> OrganizationRecord
    func organization(named name: String) async throws -> OrganizationRecord?
    func organization(id: String) async throws -> OrganizationRecord?

    /// Stores a key's hash; a hash already stored keeps its organisation and state and takes `prefix`.
    func addAPIKey(hash: String, prefix: String, orgID: String) async throws
    func apiKeyState(hash: String) async throws -> (orgID: String, revoked: Bool)?
    /// The organisation of a live (not revoked) key, by the key's hash.
    func organizationID(forKeyHash hash: String) async throws -> String?
    func activeAPIKeyCount() async throws -> Int
    /// The live keys whose stored prefix starts with `text`.
    func liveAPIKeys(prefixStartingWith text: String) async throws -> [(hash: String, prefix: String)]
    /// Revokes the live key with this hash; `false` when there is none.
    func revokeAPIKey(hash: String) async throws -> Bool

    /// Adds an environment (tag `other`); a name taken is a conflict.
    func createEnvironment(orgID: String, name: String) async throws -> String
    /// The names of an organisation's environments, default first.
    func environmentNames(orgID: String) async throws -> [String]
    func environments(orgID: String) async throws -> [EnvironmentRecord]
}

/// Projects.
public protocol ProjectStore: Sendable {
    func createProject(named name: String, orgID: String) async throws -> ProjectRecord
    func renameProject(id: String, orgID: String, to name: String) async throws
    func deleteProject(id: String, orgID: String) async throws
    func project(id: String, orgID: String) async throws -> ProjectRecord?
    func project(named name: String, orgID: String) async throws -> ProjectRecord?
    /// The project of that name, created when missing; two callers creating it at once end with one.
    func findOrCreateProject(named name: String, orgID: String) async throws -> ProjectRecord
    func listProjects(
        orgID: String, page: Int, size: Int, nameFilter: String?, orderBy: ProjectOrdering, ascending: Bool
    ) async throws -> (records: [ProjectRecord], total: Int)
}

/// Content-addressed model configs and the projects that use them.
public protocol ConfigStore: Sendable {
    func modelConfig(id: String, orgID: String) async throws -> ModelConfigRecord?
    /// Stores a config (once per id) and links it to a project; `true` when the link is new.
    func registerConfig(_ config: ModelConfigRecord, projectID: String, orgID: String) async throws -> Bool
    func projectConfigs(projectID: String, orgID: String) async throws -> [ProjectConfigRecord]
    func projectConfigUsage(projectID: String, configID: String) async throws -> Int
    /// The project that first linked a config (v5: a version named alone names that prompt).
    func firstProjectID(linkedTo configID: String, orgID: String) async throws -> String?
    func feedbackCounts(projectID: String, orgID: String) async throws
        -> [(configID: String, type: String, value: String, count: Int)]
}

/// What each project serves in each environment: a config or an experiment.
public protocol DeploymentStore: Sendable {
    /// Whether other processes write to the same database (replicas on PostgreSQL), so nothing read may
    /// be kept in memory across requests.
    var isShared: Bool { get }
    func deployments(projectID: String, orgID: String) async throws -> [DeploymentRecord]
    /// The environment named `environmentName` (the default one when `nil`) and what the project serves
    /// there; `nil` when the organisation has no such environment.
    func deployment(projectID: String, environmentName: String?, orgID: String) async throws
        -> EnvironmentDeployment?
    func deploy(
        projectID: String, orgID: String, environmentIDs: [String], configID: String?, experimentID: String?
    ) async throws
    func removeDeployment(projectID: String, environmentID: String, orgID: String, onlyIf kind: DeploymentKind?)
        async throws
}

/// Experiments: configs sampled by their positive feedback.
public protocol ExperimentStore: Sendable {
    func createExperiment(
        projectID: String, orgID: String, name: String, positiveLabels: String, configIDs: [String]
    ) async throws -> String
    func experiment(id: String, orgID: String) async throws -> ExperimentRecord?
    func experiments(projectID: String, orgID: String) async throws -> [ExperimentRecord]
    func experiment(named name: String, projectID: String, orgID: String) async throws -> ExperimentRecord?
    func updateExperiment(
        id: String, orgID: String, name: String?, positiveLabels: String?, register: [String], deregister: [String]
    ) async throws
    func deleteExperiment(id: String, orgID: String) async throws
}

/// Feedback on logs, and each project's feedback types.
public protocol FeedbackStore: Sendable {
    func recordFeedback(_ writes: [FeedbackWrite]) async throws
    func feedback(logIDs: [String], orgID: String) async throws -> [String: [FeedbackRecord]]
    func feedbackTypes(projectID: String, orgID: String) async throws -> [FeedbackTypeRecord]
    func upsertFeedbackTypes(_ types: [FeedbackTypeRecord], projectID: String, orgID: String) async throws
}

/// Logs: written in batches by the log writer, read back, updated and deleted.
public protocol LogStore: Sendable {
    /// Writes generations' logs (and the sessions named by reference) in one transaction.
    func apply(_ writes: [GenerationWrite]) async throws -> [GenerationWriteResult]
    func log(id: String, orgID: String) async throws -> LogRecord?
    func listLogs(orgID: String, projectID: String, page: Int, size: Int, filter: LogFilter) async throws
        -> (records: [LogRecord], total: Int)
    func logExists(id: String, orgID: String) async throws -> Bool
    func logID(referenceID: String, orgID: String) async throws -> String?
    /// Changes some of a log's columns; `false` when the organisation has no such log.
    func updateLog(id: String, orgID: String, changes: LogChanges) async throws -> Bool
    func deleteLogs(ids: [String], orgID: String) async throws -> Int
    /// One page of a Tool's, Flow's or Evaluator's logs, newest first, of one version when it is given.
    func listLogs(orgID: String, fileID: String, versionID: String?, page: Int, size: Int) async throws
        -> (records: [LogRecord], total: Int)
    /// Logs whose trace parent is one of `ids`, oldest first.
    func traceChildren(of ids: [String], orgID: String) async throws -> [LogRecord]
    /// The evaluator logs judging one of `ids`, oldest first.
    func evaluatorLogs(on ids: [String], orgID: String) async throws -> [LogRecord]
    /// Every project and file that can hold logs, with its organisation: what log retention walks.
    func logOwners() async throws -> [LogOwner]
    /// Deletes up to `limit` of an owner's logs made before `time`, oldest first, with the feedback on
    /// them; answers how many logs went.
    func deleteLogs(of owner: LogOwner, createdBefore time: Timestamp, limit: Int) async throws -> Int
}

/// A project or a file (a Tool's, Flow's, Evaluator's) and its organisation: the logs of one are found by
/// an index that starts with the organisation and the owner.
public struct LogOwner: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case project, file
    }

    public var kind: Kind
    public var id: String
    public var orgID: String

    public init(kind: Kind, id: String, orgID: String) {
        self.kind = kind
        self.id = id
        self.orgID = orgID
    }
}

/// Sessions: the logs of one conversation or chain.
public protocol SessionStore: Sendable {
    func createSession(orgID: String) async throws -> String
    func session(id: String, orgID: String) async throws -> SessionRecord?
    func sessionExists(id: String, orgID: String) async throws -> Bool
    func sessionID(referenceID: String, orgID: String) async throws -> String?
    func sessions(projectID: String, orgID: String, page: Int, size: Int) async throws
        -> (records: [SessionRecord], total: Int)
    func logs(sessionID: String, orgID: String) async throws -> [LogRecord]
}

/// v5's directories, by path.
public protocol DirectoryStore: Sendable {
    /// The directories at these paths, each made when missing (callers making one at once end with one).
    func ensureDirectories(paths: [String], orgID: String) async throws -> [DirectoryRecord]
    /// The directory at a path, if there is one (nothing is made).
    func directory(path: String, orgID: String) async throws -> DirectoryRecord?
    func directory(id: String, orgID: String) async throws -> DirectoryRecord?
    /// Every directory of the organisation, by path.
    func directories(orgID: String) async throws -> [DirectoryRecord]
    /// Moves the directory at `path`, with every directory below it and every project whose name is
    /// below it, to `newPath`; a conflict when a directory or project is already there.
    func moveDirectory(from path: String, to newPath: String, orgID: String) async throws
    func deleteDirectory(id: String, orgID: String) async throws
    /// A project at one of its configs, with the directory at `directoryPath`, in one read. The project's
    /// `dataCount` is the sum of its configs' log counts (kept by the log inserts), not a count of rows.
    func promptVersion(projectID: String, configID: String, directoryPath: String?, orgID: String) async throws
        -> PromptVersionRecord?
}

/// v5's Tools, Flows, Evaluators and Datasets: files with content-addressed versions, and datapoints.
public protocol FileStore: Sendable {
    /// Stores a new file; a conflict when a file, project or directory is at its path.
    func createFile(_ file: FileRecord) async throws
    /// Stores a file's path, description, readme and tags; a conflict when its path is taken.
    func updateFile(_ file: FileRecord) async throws
    func file(id: String, orgID: String) async throws -> FileRecord?
    func file(path: String, orgID: String) async throws -> FileRecord?
    /// The organisation's files of these kinds (every kind when empty), by path.
    func files(orgID: String, kinds: [FileKind]) async throws -> [FileRecord]
    /// Deletes a file with its versions, datapoints, evaluations and logs.
    func deleteFile(id: String, orgID: String) async throws
    /// Stores a version once per id; the same content again becomes the newest version. Answers it as stored.
    func upsertFileVersion(_ version: FileVersionRecord) async throws -> FileVersionRecord
    func fileVersion(id: String, orgID: String) async throws -> FileVersionRecord?
    /// A file's versions, newest first.
    func fileVersions(fileID: String, orgID: String) async throws -> [FileVersionRecord]
    /// Stores datapoints, once per id.
    func saveDatapoints(_ datapoints: [DatapointRecord]) async throws
    func datapoints(ids: [String], orgID: String) async throws -> [DatapointRecord]
}

/// v5's evaluations and their runs.
public protocol EvaluationStore: Sendable {
    /// Stores an evaluation; a conflict when the file has an evaluation of that name.
    func createEvaluation(_ evaluation: EvaluationRecord) async throws
    func evaluation(id: String, orgID: String) async throws -> EvaluationRecord?
    /// Evaluations, of one file when `fileID` is given, newest first.
    func evaluations(fileID: String?, orgID: String) async throws -> [EvaluationRecord]
    func updateEvaluationEvaluators(id: String, orgID: String, evaluators: String) async throws
    func deleteEvaluation(id: String, orgID: String) async throws
    func createRun(_ run: EvaluationRunRecord) async throws
    func run(id: String, orgID: String) async throws -> EvaluationRunRecord?
    /// An evaluation's runs, newest first.
    func runs(evaluationID: String, orgID: String) async throws -> [EvaluationRunRecord]
    func setRunStatus(id: String, orgID: String, status: String) async throws
    func deleteRun(id: String, orgID: String) async throws
    /// Joins logs to a run; answers the ids that named logs of the organisation.
    func addLogs(_ logIDs: [String], toRun runID: String, orgID: String) async throws -> [String]
    func runLogs(runID: String, orgID: String) async throws -> [RunLogSummary]
}

/// Whether a deployment holds a config or an experiment.
public enum DeploymentKind: Sendable {
    case config, experiment
}

extension DeploymentStore {
    /// Removes a project's deployment in an environment, whatever it holds.
    public func removeDeployment(projectID: String, environmentID: String, orgID: String) async throws {
        try await removeDeployment(projectID: projectID, environmentID: environmentID, orgID: orgID, onlyIf: nil)
    }
}

extension LogStore {
    /// A page of a project's logs, unfiltered.
    public func listLogs(orgID: String, projectID: String, page: Int, size: Int) async throws
        -> (records: [LogRecord], total: Int)
    {
        try await listLogs(orgID: orgID, projectID: projectID, page: page, size: size, filter: LogFilter())
    }
}

extension SQLStore: OrganizationStore, ProjectStore, ConfigStore, DeploymentStore, ExperimentStore, FeedbackStore,
    LogStore, SessionStore, DirectoryStore, FileStore, EvaluationStore
{}
