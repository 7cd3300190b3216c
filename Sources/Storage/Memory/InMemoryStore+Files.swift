import HumanloopAPI

// v5's files, datasets and evaluations, and the log reads they need, for the core's unit tests: the same
// answers as `SQLStore+Files`, `SQLStore+Evaluations` and `SQLStore+Logs`.

extension InMemoryStore: FileStore {
    public func createFile(_ file: FileRecord) async throws {
        try state.withLock { tables in
            guard !tables.isTaken(file.path, orgID: file.orgID) else {
                throw StoreError.conflict("Something already exists at path '\(file.path)'")
            }
            tables.files[file.id] = file
        }
    }

    public func updateFile(_ file: FileRecord) async throws {
        try state.withLock { tables in
            guard tables.files[file.id]?.orgID == file.orgID else { return }
            guard !tables.isTaken(file.path, orgID: file.orgID, exceptFileID: file.id) else {
                throw StoreError.conflict("Something already exists at path '\(file.path)'")
            }
            var updated = file
            updated.updatedAt = Clock.now()
            tables.files[file.id] = updated
        }
    }

    public func file(id: String, orgID: String) async throws -> FileRecord? {
        state.withLock { tables in tables.files[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func file(path: String, orgID: String) async throws -> FileRecord? {
        state.withLock { tables in tables.files.values.first { $0.orgID == orgID && $0.path == path } }
    }

    public func files(orgID: String, kinds: [FileKind]) async throws -> [FileRecord] {
        state.withLock { tables in
            tables.files.values.filter { $0.orgID == orgID && (kinds.isEmpty || kinds.contains($0.kind)) }
                .sorted { $0.path < $1.path }
        }
    }

    public func deleteFile(id: String, orgID: String) async throws {
        state.withLock { tables in
            guard tables.files[id]?.orgID == orgID else { return }
            let evaluations = Set(tables.evaluations.values.filter { $0.fileID == id }.map(\.id))
            tables.runs = tables.runs.filter { !evaluations.contains($0.value.evaluationID) }
            tables.evaluations = tables.evaluations.filter { !evaluations.contains($0.key) }
            tables.logs = tables.logs.filter { $0.value.fileID != id }
            tables.datapoints = tables.datapoints.filter { $0.value.datasetID != id }
            tables.fileVersions = tables.fileVersions.filter { $0.value.fileID != id }
            tables.files[id] = nil
        }
    }

    public func upsertFileVersion(_ version: FileVersionRecord) async throws -> FileVersionRecord {
        state.withLock { tables in
            var stored = tables.fileVersions[version.id] ?? version
            stored.touchedAt = version.touchedAt
            stored.name = version.name ?? stored.name
            stored.description = version.description ?? stored.description
            tables.fileVersions[version.id] = stored
            tables.files[version.fileID]?.updatedAt = version.touchedAt
            return stored
        }
    }

    public func fileVersion(id: String, orgID: String) async throws -> FileVersionRecord? {
        state.withLock { tables in tables.fileVersions[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func fileVersions(fileID: String, orgID: String) async throws -> [FileVersionRecord] {
        state.withLock { tables in
            tables.fileVersions.values.filter { $0.orgID == orgID && $0.fileID == fileID }
                .sorted { ($0.touchedAt, $0.createdAt, $0.id) > ($1.touchedAt, $1.createdAt, $1.id) }
        }
    }

    public func saveDatapoints(_ datapoints: [DatapointRecord]) async throws {
        state.withLock { tables in
            for datapoint in datapoints where tables.datapoints[datapoint.id] == nil {
                tables.datapoints[datapoint.id] = datapoint
            }
        }
    }

    public func datapoints(ids: [String], orgID: String) async throws -> [DatapointRecord] {
        state.withLock { tables in ids.compactMap { tables.datapoints[$0] }.filter { $0.orgID == orgID } }
    }
}

extension InMemoryStore: EvaluationStore {
    public func createEvaluation(_ evaluation: EvaluationRecord) async throws {
        try state.withLock { tables in
            if let name = evaluation.name,
                tables.evaluations.values.contains(where: {
                    $0.orgID == evaluation.orgID && $0.fileID == evaluation.fileID && $0.name == name
                })
            {
                throw StoreError.conflict("An evaluation named '\(name)' already exists")
            }
            tables.evaluations[evaluation.id] = evaluation
        }
    }

    public func evaluation(id: String, orgID: String) async throws -> EvaluationRecord? {
        state.withLock { tables in tables.evaluations[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func evaluations(fileID: String?, orgID: String) async throws -> [EvaluationRecord] {
        state.withLock { tables in
            tables.evaluations.values.filter { $0.orgID == orgID && (fileID == nil || $0.fileID == fileID) }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    public func updateEvaluationEvaluators(id: String, orgID: String, evaluators: String) async throws {
        state.withLock { tables in
            guard tables.evaluations[id]?.orgID == orgID else { return }
            tables.evaluations[id]?.evaluators = evaluators
            tables.evaluations[id]?.updatedAt = Clock.now()
        }
    }

    public func deleteEvaluation(id: String, orgID: String) async throws {
        state.withLock { tables in
            guard tables.evaluations[id]?.orgID == orgID else { return }
            tables.runs = tables.runs.filter { $0.value.evaluationID != id }
            tables.evaluations[id] = nil
        }
    }

    public func createRun(_ run: EvaluationRunRecord) async throws {
        state.withLock { tables in tables.runs[run.id] = run }
    }

    public func run(id: String, orgID: String) async throws -> EvaluationRunRecord? {
        state.withLock { tables in tables.runs[id].flatMap { $0.orgID == orgID ? $0 : nil } }
    }

    public func runs(evaluationID: String, orgID: String) async throws -> [EvaluationRunRecord] {
        state.withLock { tables in
            tables.runs.values.filter { $0.orgID == orgID && $0.evaluationID == evaluationID }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    public func setRunStatus(id: String, orgID: String, status: String) async throws {
        state.withLock { tables in
            guard tables.runs[id]?.orgID == orgID else { return }
            tables.runs[id]?.status = status
            tables.runs[id]?.updatedAt = Clock.now()
        }
    }

    public func deleteRun(id: String, orgID: String) async throws {
        state.withLock { tables in
            if tables.runs[id]?.orgID == orgID { tables.runs[id] = nil }
        }
    }

    public func addLogs(_ logIDs: [String], toRun runID: String, orgID: String) async throws -> [String] {
        state.withLock { tables in
            logIDs.filter { id in
                guard tables.logs[id]?.orgID == orgID else { return false }
                tables.logs[id]?.runID = runID
                return true
            }
        }
    }

    public func runLogs(runID: String, orgID: String) async throws -> [RunLogSummary] {
        state.withLock { tables in
            tables.logs.values.filter { $0.orgID == orgID && $0.runID == runID }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                .map { RunLogSummary(logID: $0.id, sourceDatapointID: $0.sourceDatapointID, hasError: $0.error != nil) }
        }
    }
}

extension InMemoryStore {
    public func listLogs(orgID: String, fileID: String, versionID: String?, page: Int, size: Int) async throws
        -> (records: [LogRecord], total: Int)
    {
        state.withLock { tables in
            let matches = tables.logs.values.filter {
                $0.orgID == orgID && $0.fileID == fileID && (versionID == nil || $0.versionID == versionID)
            }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            return (Self.page(matches, page: page, size: size), matches.count)
        }
    }

    public func traceChildren(of ids: [String], orgID: String) async throws -> [LogRecord] {
        let parents = Set(ids)
        return state.withLock { tables in
            tables.logs.values.filter { $0.orgID == orgID && $0.traceParentID.map(parents.contains) == true }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    public func evaluatorLogs(on ids: [String], orgID: String) async throws -> [LogRecord] {
        let judged = Set(ids)
        return state.withLock { tables in
            tables.logs.values.filter {
                $0.orgID == orgID && $0.parentID.map(judged.contains) == true
                    && $0.fileID?.hasPrefix(ResourceID.Prefix.evaluator.rawValue) == true
            }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }
}
