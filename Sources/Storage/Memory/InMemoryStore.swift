import HumanloopAPI
import Synchronization

/// A `Store` held in the process's memory, for the core's unit tests: the same answers as `SQLStore`
/// (its counters, orders and organisation scoping), with nothing to open and nothing kept.
///
/// Not offered to users (no `--database memory:`): a gateway that forgets its logs on restart is not one
/// anybody should run by mistake, and the tests are what need it to start in microseconds.
public final class InMemoryStore: Sendable {
    let state = Mutex(Tables())

    public init() {}

    public var isShared: Bool { false }

    /// Every table, as rows keyed by id (or by what the SQL schema makes unique).
    struct Tables {
        var organizations: [OrganizationRecord] = []
        var keys: [String: (orgID: String, prefix: String, revoked: Bool)] = [:]
        var environments: [(orgID: String, record: EnvironmentRecord)] = []
        var projects: [String: ProjectRecord] = [:]
        var configs: [String: [String: ModelConfigRecord]] = [:]
        var projectConfigs: [ProjectConfigRecord] = []
        var deployments: [(orgID: String, projectID: String, record: DeploymentRecord)] = []
        var experiments: [String: ExperimentRecord] = [:]
        var sessions: [String: (orgID: String, record: SessionRecord)] = [:]
        var logs: [String: LogRecord] = [:]
        var experimentSuccesses: Set<String> = []
        var feedback: [FeedbackRecord] = []
        var feedbackTypes: [String: [FeedbackTypeRecord]] = [:]
        var directories: [String: DirectoryRecord] = [:]
        var files: [String: FileRecord] = [:]
        var fileVersions: [String: FileVersionRecord] = [:]
        var datapoints: [String: DatapointRecord] = [:]
        var evaluations: [String: EvaluationRecord] = [:]
        var runs: [String: EvaluationRunRecord] = [:]

        /// Whether a project, directory or file (other than `exceptFileID`) is at `path`.
        func isTaken(_ path: String, orgID: String, exceptFileID: String? = nil) -> Bool {
            projects.values.contains { $0.orgID == orgID && $0.name == path }
                || directories.values.contains { $0.orgID == orgID && $0.path == path }
                || files.values.contains { $0.orgID == orgID && $0.path == path && $0.id != exceptFileID }
        }

        func project(_ id: String, _ orgID: String) -> ProjectRecord? {
            guard var project = projects[id], project.orgID == orgID else { return nil }
            project.dataCount = logs.values.count { $0.orgID == orgID && $0.projectID == id }
            return project
        }

        /// What inserting a log does besides storing it: the counters the SQL triggers keep.
        mutating func insert(_ log: LogRecord) {
            logs[log.id] = log
            guard let projectID = log.projectID, let configID = log.configID else { return }
            if let index = projectConfigs.firstIndex(where: { $0.projectID == projectID && $0.configID == configID }) {
                projectConfigs[index].numDatapoints += 1
                projectConfigs[index].lastUsed = max(projectConfigs[index].lastUsed, log.createdAt)
            } else {
                let body = configs[log.orgID]?[configID]?.body ?? "{}"
                projectConfigs.append(
                    ProjectConfigRecord(
                        projectID: projectID, configID: configID, body: body, createdAt: log.createdAt,
                        lastUsed: log.createdAt, numDatapoints: 1))
            }
            if let experimentID = log.experimentID,
                let index = experiments[experimentID]?.configs.firstIndex(where: { $0.configID == configID })
            {
                experiments[experimentID]?.configs[index].trials += 1
            }
        }

        mutating func sessionID(reference: String, orgID: String) -> String {
            if let found = sessions.values.first(where: { $0.orgID == orgID && $0.record.referenceID == reference }) {
                return found.record.id
            }
            let now = Clock.now()
            let id = ResourceID.make(.session)
            sessions[id] = (orgID, SessionRecord(id: id, referenceID: reference, createdAt: now, updatedAt: now))
            return id
        }
    }

    /// A page of `rows`, as `LIMIT size OFFSET page * size` reads it.
    static func page<T>(_ rows: [T], page: Int, size: Int) -> [T] {
        let start = min(rows.count, page * size)
        return Array(rows[start..<min(rows.count, start + size)])
    }

    static func contains(_ text: String?, _ needle: String) -> Bool {
        (text ?? "").lowercased().contains(needle.lowercased())
    }
}

// MARK: - Organisations, keys, environments

extension InMemoryStore: OrganizationStore {
    public func ensureOrganization(named name: String) async throws -> OrganizationRecord {
        state.withLock { tables in
            if let found = tables.organizations.first(where: { $0.name == name }) { return found }
            let organization = OrganizationRecord(
                id: ResourceID.make(.organization), name: name, teamID: ResourceID.make(.team), createdAt: Clock.now())
            tables.organizations.append(organization)
            for (index, environment) in SQLStore.initialEnvironments.enumerated() {
                tables.environments.append(
                    (
                        organization.id,
                        EnvironmentRecord(
                            id: ResourceID.make(.environment), name: environment, tag: index == 0 ? "default" : "other",
                            createdAt: Clock.now())
                    ))
            }
            return organization
        }
    }

    public func organization(named name: String) async throws -> OrganizationRecord? {
        state.withLock { $0.organizations.first { $0.name == name } }
    }

    public func organization(id: String) async throws -> OrganizationRecord? {
        state.withLock { $0.organizations.first { $0.id == id } }
    }

    public func addAPIKey(hash: String, prefix: String, orgID: String) async throws {
        state.withLock { tables in
            if let existing = tables.keys[hash] {
                tables.keys[hash] = (existing.orgID, prefix, existing.revoked)
            } else {
                tables.keys[hash] = (orgID, prefix, false)
            }
        }
    }

    public func apiKeyState(hash: String) async throws -> (orgID: String, revoked: Bool)? {
        state.withLock { $0.keys[hash].map { ($0.orgID, $0.revoked) } }
    }

    public func organizationID(forKeyHash hash: String) async throws -> String? {
        state.withLock { tables in tables.keys[hash].flatMap { $0.revoked ? nil : $0.orgID } }
    }

    public func activeAPIKeyCount() async throws -> Int {
        state.withLock { $0.keys.values.count { !$0.revoked } }
    }

    public func liveAPIKeys(prefixStartingWith text: String) async throws -> [(hash: String, prefix: String)] {
        state.withLock { tables in
            tables.keys.filter { !$0.value.revoked && $0.value.prefix.hasPrefix(text) }
                .map { ($0.key, $0.value.prefix) }.sorted { $0.hash < $1.hash }
        }
    }

    public func revokeAPIKey(hash: String) async throws -> Bool {
        state.withLock { tables in
            guard let key = tables.keys[hash], !key.revoked else { return false }
            tables.keys[hash] = (key.orgID, key.prefix, true)
            return true
        }
    }

    public func createEnvironment(orgID: String, name: String) async throws -> String {
        try state.withLock { tables in
            if tables.environments.contains(where: { $0.orgID == orgID && $0.record.name == name }) {
                throw StoreError.conflict("environment '\(name)' already exists")
            }
            let id = ResourceID.make(.environment)
            tables.environments.append(
                (orgID, EnvironmentRecord(id: id, name: name, tag: "other", createdAt: Clock.now())))
            return id
        }
    }

    public func environmentNames(orgID: String) async throws -> [String] {
        try await environments(orgID: orgID).map(\.name)
    }

    public func environments(orgID: String) async throws -> [EnvironmentRecord] {
        state.withLock { tables in
            let own = tables.environments.filter { $0.orgID == orgID }.map(\.record)
            return own.filter { $0.tag == "default" } + own.filter { $0.tag != "default" }
        }
    }
}

// MARK: - Projects

extension InMemoryStore: ProjectStore {
    public func createProject(named name: String, orgID: String) async throws -> ProjectRecord {
        try state.withLock { tables in
            if tables.projects.values.contains(where: { $0.orgID == orgID && $0.name == name }) {
                throw StoreError.conflict("A project named '\(name)' already exists")
            }
            let now = Clock.now()
            let project = ProjectRecord(
                id: ResourceID.make(.project), orgID: orgID, name: name, createdAt: now, updatedAt: now)
            tables.projects[project.id] = project
            return project
        }
    }

    public func renameProject(id: String, orgID: String, to name: String) async throws {
        try state.withLock { tables in
            if tables.projects.values.contains(where: { $0.orgID == orgID && $0.name == name && $0.id != id }) {
                throw StoreError.conflict("A project named '\(name)' already exists")
            }
            guard tables.projects[id]?.orgID == orgID else { return }
            tables.projects[id]?.name = name
            tables.projects[id]?.updatedAt = Clock.now()
        }
    }

    public func deleteProject(id: String, orgID: String) async throws {
        state.withLock { tables in
            guard tables.projects[id]?.orgID == orgID else { return }
            let logIDs = Set(tables.logs.values.filter { $0.projectID == id }.map(\.id))
            tables.feedback.removeAll { logIDs.contains($0.logID) }
            tables.logs = tables.logs.filter { !logIDs.contains($0.key) }
            tables.experiments = tables.experiments.filter { $0.value.projectID != id }
            tables.deployments.removeAll { $0.projectID == id }
            tables.projectConfigs.removeAll { $0.projectID == id }
            tables.feedbackTypes[id] = nil
            tables.projects[id] = nil
        }
    }

    public func project(id: String, orgID: String) async throws -> ProjectRecord? {
        state.withLock { $0.project(id, orgID) }
    }

    public func project(named name: String, orgID: String) async throws -> ProjectRecord? {
        state.withLock { tables in
            tables.projects.values.first { $0.orgID == orgID && $0.name == name }.flatMap {
                tables.project($0.id, orgID)
            }
        }
    }

    public func findOrCreateProject(named name: String, orgID: String) async throws -> ProjectRecord {
        if let found = try await project(named: name, orgID: orgID) { return found }
        do {
            return try await createProject(named: name, orgID: orgID)
        } catch StoreError.conflict {
            // Created by a concurrent caller meanwhile: theirs is the one.
            guard let found = try await project(named: name, orgID: orgID) else { throw StoreError.unavailable(name) }
            return found
        }
    }

    public func listProjects(
        orgID: String, page: Int, size: Int, nameFilter: String?, orderBy: ProjectOrdering, ascending: Bool
    ) async throws -> (records: [ProjectRecord], total: Int) {
        state.withLock { tables in
            var matches = tables.projects.values.filter { project in
                project.orgID == orgID && (nameFilter.map { Self.contains(project.name, $0) } ?? true)
            }.compactMap { tables.project($0.id, orgID) }
            matches.sort { lhs, rhs in
                let ordered: Bool
                switch orderBy {
                case .createdAt: ordered = (lhs.createdAt, lhs.id) < (rhs.createdAt, rhs.id)
                case .updatedAt: ordered = (lhs.updatedAt, lhs.id) < (rhs.updatedAt, rhs.id)
                case .name: ordered = (lhs.name.lowercased(), lhs.id) < (rhs.name.lowercased(), rhs.id)
                }
                return ascending ? ordered : !ordered
            }
            return (Self.page(matches, page: page, size: size), matches.count)
        }
    }
}

// MARK: - Configs

extension InMemoryStore: ConfigStore {
    public func modelConfig(id: String, orgID: String) async throws -> ModelConfigRecord? {
        state.withLock { $0.configs[orgID]?[id] }
    }

    public func registerConfig(_ config: ModelConfigRecord, projectID: String, orgID: String) async throws -> Bool {
        state.withLock { tables in
            if tables.configs[orgID]?[config.id] == nil { tables.configs[orgID, default: [:]][config.id] = config }
            let isFirst = !tables.projectConfigs.contains { $0.projectID == projectID }
            if !tables.projectConfigs.contains(where: { $0.projectID == projectID && $0.configID == config.id }) {
                let now = Clock.now()
                tables.projectConfigs.append(
                    ProjectConfigRecord(
                        projectID: projectID, configID: config.id, body: config.body, createdAt: now, lastUsed: now,
                        numDatapoints: 0))
            }
            return isFirst
        }
    }

    public func projectConfigs(projectID: String, orgID: String) async throws -> [ProjectConfigRecord] {
        state.withLock { tables in
            guard tables.projects[projectID]?.orgID == orgID else { return [] }
            return tables.projectConfigs.filter { $0.projectID == projectID }.map { record in
                var record = record
                record.body = tables.configs[orgID]?[record.configID]?.body ?? record.body
                return record
            }.sorted { ($0.createdAt, $0.configID) < ($1.createdAt, $1.configID) }
        }
    }

    public func firstProjectID(linkedTo configID: String, orgID: String) async throws -> String? {
        state.withLock { tables in
            tables.projectConfigs.filter { $0.configID == configID && tables.projects[$0.projectID]?.orgID == orgID }
                .min { ($0.createdAt, $0.projectID) < ($1.createdAt, $1.projectID) }?.projectID
        }
    }

    public func projectConfigUsage(projectID: String, configID: String) async throws -> Int {
        state.withLock { tables in
            tables.projectConfigs.first { $0.projectID == projectID && $0.configID == configID }?.numDatapoints ?? 0
        }
    }

    public func feedbackCounts(projectID: String, orgID: String) async throws
        -> [(configID: String, type: String, value: String, count: Int)]
    {
        state.withLock { tables in
            var counts: [[String]: Int] = [:]
            for feedback in tables.feedback where feedback.orgID == orgID {
                guard let value = feedback.value, let log = tables.logs[feedback.logID], log.projectID == projectID,
                    let configID = log.configID
                else { continue }
                counts[[configID, feedback.type, value], default: 0] += 1
            }
            return counts.map { ($0.key[0], $0.key[1], $0.key[2], $0.value) }
                .sorted { ($0.configID, $0.type, $0.value) < ($1.configID, $1.type, $1.value) }
        }
    }
}

// MARK: - Deployments

extension InMemoryStore: DeploymentStore {
    public func deployments(projectID: String, orgID: String) async throws -> [DeploymentRecord] {
        state.withLock { tables in
            tables.deployments.filter { $0.orgID == orgID && $0.projectID == projectID }.map(\.record)
        }
    }

    public func deployment(projectID: String, environmentName: String?, orgID: String) async throws
        -> EnvironmentDeployment?
    {
        state.withLock { tables in
            guard
                let environment = tables.environments.first(where: { entry in
                    entry.orgID == orgID
                        && (environmentName.map { entry.record.name == $0 } ?? (entry.record.tag == "default"))
                })?.record
            else { return nil }
            let deployment = tables.deployments.first {
                $0.orgID == orgID && $0.projectID == projectID && $0.record.environment.id == environment.id
            }
            return EnvironmentDeployment(environment: environment, deployment: deployment?.record)
        }
    }

    public func deploy(
        projectID: String, orgID: String, environmentIDs: [String], configID: String?, experimentID: String?
    ) async throws {
        state.withLock { tables in
            for environmentID in environmentIDs {
                guard let environment = tables.environments.first(where: { $0.record.id == environmentID })?.record
                else { continue }
                tables.deployments.removeAll { $0.projectID == projectID && $0.record.environment.id == environmentID }
                tables.deployments.append(
                    (
                        orgID, projectID,
                        DeploymentRecord(environment: environment, configID: configID, experimentID: experimentID)
                    ))
            }
        }
    }

    public func removeDeployment(projectID: String, environmentID: String, orgID: String, onlyIf kind: DeploymentKind?)
        async throws
    {
        state.withLock { tables in
            tables.deployments.removeAll { entry in
                guard entry.orgID == orgID, entry.projectID == projectID, entry.record.environment.id == environmentID
                else { return false }
                switch kind {
                case .config?: return entry.record.configID != nil
                case .experiment?: return entry.record.experimentID != nil
                case nil: return true
                }
            }
        }
    }
}

// MARK: - Experiments

extension InMemoryStore: ExperimentStore {
    public func createExperiment(
        projectID: String, orgID: String, name: String, positiveLabels: String, configIDs: [String]
    ) async throws -> String {
        state.withLock { tables in
            let now = Clock.now()
            var experiment = ExperimentRecord(
                id: ResourceID.make(.experiment), orgID: orgID, projectID: projectID, name: name,
                status: "Initialized", positiveLabels: positiveLabels, createdAt: now, updatedAt: now, configs: [])
            Self.register(configIDs, in: &experiment, now: now)
            tables.experiments[experiment.id] = experiment
            return experiment.id
        }
    }

    static func register(_ configIDs: [String], in experiment: inout ExperimentRecord, now: Timestamp) {
        for configID in configIDs {
            if let index = experiment.configs.firstIndex(where: { $0.configID == configID }) {
                experiment.configs[index].active = true
                experiment.configs[index].updatedAt = now
            } else {
                experiment.configs.append(
                    ExperimentConfigRecord(
                        configID: configID, trials: 0, successes: 0, active: true, createdAt: now, updatedAt: now))
            }
        }
    }

    public func experiment(id: String, orgID: String) async throws -> ExperimentRecord? {
        try await experiments { $0.id == id && $0.orgID == orgID }.first
    }

    public func experiments(projectID: String, orgID: String) async throws -> [ExperimentRecord] {
        try await experiments { $0.projectID == projectID && $0.orgID == orgID }
    }

    public func experiment(named name: String, projectID: String, orgID: String) async throws -> ExperimentRecord? {
        try await experiments { $0.name == name && $0.projectID == projectID && $0.orgID == orgID }.first
    }

    private func experiments(where condition: (ExperimentRecord) -> Bool) async throws -> [ExperimentRecord] {
        state.withLock { tables in
            tables.experiments.values.filter(condition).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                .map { experiment in
                    var experiment = experiment
                    if experiment.status == "Initialized", experiment.configs.contains(where: { $0.trials > 0 }) {
                        experiment.status = "In progress"
                    }
                    return experiment
                }
        }
    }

    public func updateExperiment(
        id: String, orgID: String, name: String?, positiveLabels: String?, register: [String], deregister: [String]
    ) async throws {
        state.withLock { tables in
            guard var experiment = tables.experiments[id], experiment.orgID == orgID else { return }
            let now = Clock.now()
            if let name { experiment.name = name }
            if let positiveLabels { experiment.positiveLabels = positiveLabels }
            if name != nil || positiveLabels != nil { experiment.updatedAt = now }
            Self.register(register, in: &experiment, now: now)
            for index in experiment.configs.indices where deregister.contains(experiment.configs[index].configID) {
                experiment.configs[index].active = false
                experiment.configs[index].updatedAt = now
            }
            tables.experiments[id] = experiment
        }
    }

    public func deleteExperiment(id: String, orgID: String) async throws {
        state.withLock { tables in
            guard tables.experiments[id]?.orgID == orgID else { return }
            tables.experiments[id] = nil
            tables.deployments.removeAll { $0.record.experimentID == id }
        }
    }
}

// MARK: - Feedback

extension InMemoryStore: FeedbackStore {
    public func recordFeedback(_ writes: [FeedbackWrite]) async throws {
        state.withLock { tables in
            for write in writes {
                let record = write.record
                if write.unset {
                    tables.feedback.removeAll {
                        $0.logID == record.logID && $0.type == record.type && $0.orgID == record.orgID
                    }
                } else {
                    tables.feedback.append(record)
                }
                guard let effect = write.experimentEffect,
                    effect.success != tables.experimentSuccesses.contains(record.logID),
                    tables.logs[record.logID] != nil
                else { continue }
                if effect.success {
                    tables.experimentSuccesses.insert(record.logID)
                } else {
                    tables.experimentSuccesses.remove(record.logID)
                }
                if let index = tables.experiments[effect.experimentID]?.configs.firstIndex(where: {
                    $0.configID == effect.configID
                }) {
                    tables.experiments[effect.experimentID]?.configs[index].successes += effect.success ? 1 : -1
                }
            }
        }
    }

    public func feedback(logIDs: [String], orgID: String) async throws -> [String: [FeedbackRecord]] {
        state.withLock { tables in
            let wanted = Set(logIDs)
            return Dictionary(
                grouping: tables.feedback.filter { $0.orgID == orgID && wanted.contains($0.logID) }
                    .sorted { $0.createdAt < $1.createdAt },
                by: \.logID)
        }
    }

    public func feedbackTypes(projectID: String, orgID: String) async throws -> [FeedbackTypeRecord] {
        state.withLock { tables in
            tables.projects[projectID]?.orgID == orgID ? tables.feedbackTypes[projectID] ?? [] : []
        }
    }

    public func upsertFeedbackTypes(_ types: [FeedbackTypeRecord], projectID: String, orgID: String) async throws {
        state.withLock { tables in
            var stored = tables.feedbackTypes[projectID] ?? []
            for type in types {
                if let index = stored.firstIndex(where: { $0.type == type.type }) {
                    stored[index] = type
                } else {
                    stored.append(type)
                }
            }
            tables.feedbackTypes[projectID] = stored
        }
    }
}

// MARK: - Logs

extension InMemoryStore: LogStore {
    public func apply(_ writes: [GenerationWrite]) async throws -> [GenerationWriteResult] {
        state.withLock { tables in
            writes.map { write in
                for config in write.configs where tables.configs[write.orgID]?[config.id] == nil {
                    tables.configs[write.orgID, default: [:]][config.id] = config
                }
                let sessionID = write.sessionReferenceID.map { tables.sessionID(reference: $0, orgID: write.orgID) }
                for var log in write.logs {
                    if let sessionID { log.sessionID = sessionID }
                    tables.insert(log)
                }
                return GenerationWriteResult(sessionID: sessionID)
            }
        }
    }

    public func log(id: String, orgID: String) async throws -> LogRecord? {
        state.withLock { tables in tables.logs[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func listLogs(orgID: String, projectID: String, page: Int, size: Int, filter: LogFilter) async throws
        -> (records: [LogRecord], total: Int)
    {
        state.withLock { tables in
            let matches = tables.logs.values.filter { log in
                guard log.orgID == orgID, log.projectID == projectID else { return false }
                if let search = filter.search,
                    !(Self.contains(log.output, search) || Self.contains(log.inputs, search)
                        || Self.contains(log.messages, search))
                {
                    return false
                }
                if let search = filter.metadataSearch, !Self.contains(log.metadata, search) { return false }
                if let start = filter.start, log.createdAt < start { return false }
                if let end = filter.end, end < log.createdAt { return false }
                if let configID = filter.configID, log.configID != configID { return false }
                return true
            }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            return (Self.page(matches, page: page, size: size), matches.count)
        }
    }

    public func logExists(id: String, orgID: String) async throws -> Bool {
        try await log(id: id, orgID: orgID) != nil
    }

    public func logID(referenceID: String, orgID: String) async throws -> String? {
        state.withLock { tables in
            tables.logs.values.first { $0.orgID == orgID && $0.referenceID == referenceID }?.id
        }
    }

    public func updateLog(id: String, orgID: String, changes: LogChanges) async throws -> Bool {
        state.withLock { tables in
            guard var log = tables.logs[id], log.orgID == orgID else { return false }
            log = changes.applied(to: log)
            log.updatedAt = Clock.now()
            tables.logs[id] = log
            return true
        }
    }

    public func logOwners() async throws -> [LogOwner] {
        state.withLock { tables in
            tables.projects.values.map { LogOwner(kind: .project, id: $0.id, orgID: $0.orgID) }
                + tables.files.values.filter { $0.kind != .dataset }.map {
                    LogOwner(kind: .file, id: $0.id, orgID: $0.orgID)
                }
        }
    }

    public func deleteLogs(of owner: LogOwner, createdBefore time: Timestamp, limit: Int) async throws -> Int {
        state.withLock { tables in
            let doomed = tables.logs.values
                .filter {
                    $0.orgID == owner.orgID && $0.createdAt < time
                        && (owner.kind == .project ? $0.projectID : $0.fileID) == owner.id
                }
                .sorted { $0.createdAt < $1.createdAt }.prefix(limit).map(\.id)
            tables.feedback.removeAll { $0.orgID == owner.orgID && doomed.contains($0.logID) }
            for id in doomed { tables.logs[id] = nil }
            return doomed.count
        }
    }

    public func deleteLogs(ids: [String], orgID: String) async throws -> Int {
        state.withLock { tables in
            let doomed = Set(ids.filter { tables.logs[$0]?.orgID == orgID })
            tables.feedback.removeAll { $0.orgID == orgID && doomed.contains($0.logID) }
            for id in doomed { tables.logs[id] = nil }
            return doomed.count
        }
    }
}

// MARK: - Sessions

extension InMemoryStore: SessionStore {
    public func createSession(orgID: String) async throws -> String {
        state.withLock { tables in
            let now = Clock.now()
            let id = ResourceID.make(.session)
            tables.sessions[id] = (orgID, SessionRecord(id: id, referenceID: nil, createdAt: now, updatedAt: now))
            return id
        }
    }

    public func session(id: String, orgID: String) async throws -> SessionRecord? {
        state.withLock { tables in tables.sessions[id].flatMap { $0.orgID == orgID ? $0.record : nil } }
    }

    public func sessionExists(id: String, orgID: String) async throws -> Bool {
        try await session(id: id, orgID: orgID) != nil
    }

    public func sessionID(referenceID: String, orgID: String) async throws -> String? {
        state.withLock { tables in
            tables.sessions.values.first { $0.orgID == orgID && $0.record.referenceID == referenceID }?.record.id
        }
    }

    public func sessions(projectID: String, orgID: String, page: Int, size: Int) async throws
        -> (records: [SessionRecord], total: Int)
    {
        state.withLock { tables in
            let used = Set(tables.logs.values.filter { $0.projectID == projectID }.compactMap(\.sessionID))
            let matches = tables.sessions.values.filter { $0.orgID == orgID && used.contains($0.record.id) }
                .map(\.record).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            return (Self.page(matches, page: page, size: size), matches.count)
        }
    }

    public func logs(sessionID: String, orgID: String) async throws -> [LogRecord] {
        state.withLock { tables in
            tables.logs.values.filter { $0.orgID == orgID && $0.sessionID == sessionID }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }
}

// MARK: - Directories

extension InMemoryStore: DirectoryStore {
    public func ensureDirectories(paths: [String], orgID: String) async throws -> [DirectoryRecord] {
        state.withLock { tables in
            for path in Set(paths)
            where !tables.directories.values.contains(where: { $0.orgID == orgID && $0.path == path }) {
                let now = Clock.now()
                let id = ResourceID.make(.directory)
                tables.directories[id] = DirectoryRecord(
                    id: id, orgID: orgID, path: path, createdAt: now, updatedAt: now)
            }
            return tables.directories.values.filter { $0.orgID == orgID && paths.contains($0.path) }
                .sorted { $0.path < $1.path }
        }
    }

    public func directory(path: String, orgID: String) async throws -> DirectoryRecord? {
        state.withLock { tables in tables.directories.values.first { $0.orgID == orgID && $0.path == path } }
    }

    public func directory(id: String, orgID: String) async throws -> DirectoryRecord? {
        state.withLock { tables in tables.directories[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func directories(orgID: String) async throws -> [DirectoryRecord] {
        state.withLock { tables in
            tables.directories.values.filter { $0.orgID == orgID }.sorted { $0.path < $1.path }
        }
    }

    public func moveDirectory(from path: String, to newPath: String, orgID: String) async throws {
        try state.withLock { tables in
            func isAtOrBelow(_ candidate: String, _ root: String) -> Bool {
                candidate == root || candidate.hasPrefix(root + "/")
            }
            func moved(_ candidate: String) -> String { newPath + candidate.dropFirst(path.count) }
            if tables.directories.values.contains(where: { $0.orgID == orgID && isAtOrBelow($0.path, newPath) })
                || tables.projects.values.contains(where: { $0.orgID == orgID && isAtOrBelow($0.name, newPath) })
                || tables.files.values.contains(where: { $0.orgID == orgID && isAtOrBelow($0.path, newPath) })
            {
                throw StoreError.conflict("Something already exists at path '\(newPath)'")
            }
            let now = Clock.now()
            for (id, directory) in tables.directories
            where directory.orgID == orgID && isAtOrBelow(directory.path, path) {
                tables.directories[id]?.path = moved(directory.path)
                tables.directories[id]?.updatedAt = now
            }
            for (id, project) in tables.projects where project.orgID == orgID && isAtOrBelow(project.name, path) {
                tables.projects[id]?.name = moved(project.name)
                tables.projects[id]?.updatedAt = now
            }
            for (id, file) in tables.files where file.orgID == orgID && isAtOrBelow(file.path, path) {
                tables.files[id]?.path = moved(file.path)
                tables.files[id]?.updatedAt = now
            }
        }
    }

    public func deleteDirectory(id: String, orgID: String) async throws {
        state.withLock { tables in
            if tables.directories[id]?.orgID == orgID { tables.directories[id] = nil }
        }
    }

    public func promptVersion(projectID: String, configID: String, directoryPath: String?, orgID: String)
        async throws -> PromptVersionRecord?
    {
        state.withLock { tables in
            guard var project = tables.projects[projectID], project.orgID == orgID else { return nil }
            let links = tables.projectConfigs.filter { $0.projectID == projectID }
            project.dataCount = links.reduce(0) { $0 + $1.numDatapoints }
            let environments = tables.deployments.filter {
                $0.orgID == orgID && $0.projectID == projectID && $0.record.configID == configID
            }.map(\.record.environment)
            let directory = directoryPath.flatMap { path in
                tables.directories.values.first { $0.orgID == orgID && $0.path == path }
            }
            return PromptVersionRecord(
                project: project, link: links.first { $0.configID == configID }, environments: environments,
                directory: directory)
        }
    }
}
