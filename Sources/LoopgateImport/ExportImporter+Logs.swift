import HumanloopAPI
import LoopgateCore
import Storage

extension ExportImporter {
    // MARK: Evaluations

    /// `evaluations/<id>/`: the evaluation, its runs (`runs/<run_id>`), and its logs with their judgments
    /// (`logs/N.jsonl`), which join their run. Read-only records: nothing here re-runs them.
    func importEvaluations(ofFile fileID: String) async throws {
        let root = folder.directory(of: fileID) + "/evaluations"
        for evaluationID in ExportFiles.names(in: root) {
            let directory = root + "/" + evaluationID
            let record: JSONValue
            do {
                guard let read = try ExportFiles.json(at: directory + "/evaluation.json") else { continue }
                record = read
            } catch {
                report.skipped.append(error.description)
                continue
            }
            let id = record.string("id") ?? evaluationID
            let created = record.time("created_at") ?? Clock.now()
            var evaluators: [(fileID: String, versionID: String, addedAt: Timestamp)] = []
            for entry in record.value("evaluators")?.arrayValue ?? [] {
                guard let version = entry.value("version"), let evaluatorID = version.string("id"),
                    files[evaluatorID] != nil, let exported = version.string("version_id"),
                    let versionID = versions[exported]
                else { continue }
                evaluators.append((evaluatorID, versionID, entry.time("added_at") ?? created))
            }
            pending.evaluations.append(
                EvaluationRecord(
                    id: id, orgID: orgID, fileID: fileID, name: record.string("name"),
                    evaluators: try EvaluationService.evaluatorsText(evaluators), createdAt: created,
                    updatedAt: record.time("updated_at") ?? created))
            let statuses = runStatuses(in: directory + "/stats.json")
            for name in ExportFiles.names(in: directory + "/runs") {
                do {
                    guard let run = try ExportFiles.json(at: directory + "/runs/" + name) else { continue }
                    let runID = run.string("id") ?? name
                    let runCreated = run.time("created_at", "added_at") ?? created
                    pending.runs.append(
                        EvaluationRunRecord(
                            id: runID, orgID: orgID, evaluationID: id,
                            datasetVersionID: run.value("dataset")?.string("version_id").flatMap { versions[$0] },
                            versionID: run.value("version")?.string("version_id").flatMap { versions[$0] },
                            status: run.string("status") ?? statuses[runID], createdAt: runCreated,
                            updatedAt: runCreated))
                } catch {
                    report.skipped.append(error.description)
                }
            }
            for chunk in ExportFiles.jsonlChunks(in: directory + "/logs") {
                try await importLogs(in: chunk, runID: nil)
            }
        }
    }

    /// Each run's status in `stats.json` (`run_stats[].status`), for runs whose own record lacks one.
    func runStatuses(in path: String) -> [String: String] {
        guard let stats = try? ExportFiles.json(at: path) else { return [:] }
        var statuses: [String: String] = [:]
        for run in stats.value("run_stats")?.arrayValue ?? [] {
            if let id = run.string("run_id"), let status = run.string("status") { statuses[id] = status }
        }
        return statuses
    }

    // MARK: Logs

    /// One JSONL file of logs: a file's `logs/` (LogResponses) or an evaluation's (each line a `log` with
    /// its `run_id` and `evaluator_logs`). A line that is not JSON is reported with its place and skipped.
    func importLogs(in path: String, runID: String?) async throws {
        var reader: JSONLinesReader
        do {
            reader = try JSONLinesReader(path: path)
        } catch {
            report.skipped.append(error.description)
            return
        }
        while true {
            let line: JSONLinesReader.Line?
            do {
                line = try reader.next()
            } catch {
                report.skipped.append(error.description)
                return
            }
            guard let line else { return }
            let location = "\(path):\(line.number)"
            guard case .success(let record) = line.value, record.objectValue != nil else {
                if case .failure(let error) = line.value {
                    report.skipped.append("\(location): not JSON (\(error))")
                } else {
                    report.skipped.append("\(location): not a JSON object")
                }
                continue
            }
            if let log = record.value("log") {
                // An evaluation's log line.
                add(log, runID: record.string("run_id") ?? runID, location: location)
                for judgment in record.value("evaluator_logs")?.arrayValue ?? [] {
                    add(judgment, runID: nil, location: location)
                }
            } else {
                add(record, runID: runID, location: location)
            }
            progress.logs += 1
            if pending.logs.count >= batchSize { try await flush() }
            progress.show()
        }
    }

    /// A log with the logs nested in it (`trace_children`, `evaluator_logs`), each once its file is known.
    func add(_ record: JSONValue, runID: String?, location: String) {
        guard let id = record.string("id", "log_id") else {
            report.skipped.append("\(location): a log without an id")
            return
        }
        if let log = importedLog(record, id: id, runID: runID) {
            pending.logs.append(log.record(orgID: orgID))
            if case .file(let fileID, _) = log.owner, case .file(.evaluator) = files[fileID]?.kind,
                let feedback = log.feedback(byEvaluatorAt: files[fileID]?.path ?? fileID, orgID: orgID)
            {
                pending.feedback.append(feedback)
            }
        }
        for child in record.value("trace_children")?.arrayValue ?? [] {
            add(child, runID: nil, location: location)
        }
        for judgment in record.value("evaluator_logs")?.arrayValue ?? [] {
            add(judgment, runID: nil, location: location)
        }
    }

    /// A log as Loopgate keeps it; `nil` (counted by reason) when its file was not imported.
    func importedLog(_ record: JSONValue, id: String, runID: String?) -> ImportedLog? {
        guard let reference = LoggedFileReference(log: record) else {
            droppedLogs["that name no file", default: 0] += 1
            return nil
        }
        guard let file = files[reference.fileID] else {
            let reason =
                ExportedKind(type: reference.type) == nil
                ? "of \(reference.type) files (no counterpart)" : "of files not in this export or not imported"
            droppedLogs[reason, default: 0] += 1
            return nil
        }
        let owner: ImportedLog.Owner
        switch file.kind {
        case .prompt:
            owner = .prompt(projectID: reference.fileID, configID: configID(of: reference))
        case .file:
            owner = .file(fileID: reference.fileID, versionID: reference.versionID.flatMap { versions[$0] })
        }
        let start = record.time("start_time")
        var log = ImportedLog(
            id: id, owner: owner, createdAt: record.time("created_at", "start_time") ?? Clock.now())
        if let start, let end = record.time("end_time") {
            log.duration = Double(end.microsecondsSinceEpoch - start.microsecondsSinceEpoch) / 1e6
        }
        log.inputs = record.value("inputs")
        log.metadata = record.value("metadata")
        log.messages = record.value("messages")
        log.output = record.string("output") ?? record.value("output")?.serialized()
        log.outputMessage = record.value("output_message")
        log.toolChoice = record.value("tool_choice")
        log.providerRequest = record.value("provider_request")
        log.providerResponse = record.value("provider_response")
        log.finishReason = record.string("finish_reason")
        log.error = record.string("error")
        log.promptTokens = record.int("prompt_tokens")
        log.outputTokens = record.int("output_tokens")
        log.providerLatency = record.double("provider_latency")
        log.source = record.string("source")
        log.user = record.string("user")
        log.environment = record.string("environment")
        log.sourceDatapointID = record.string("source_datapoint_id")
        log.parentID = record.string("parent_id")
        log.traceParentID = record.string("trace_parent_id")
        log.traceID = record.string("trace_id")
        log.runID = runID ?? record.string("run_id")
        log.logStatus = record.string("log_status")
        log.judgment = record.value("judgment")
        log.markedCompleted = record.bool("marked_completed")
        return log
    }

    /// The config a Prompt log used: its exported version's, else the one its embedded Prompt describes
    /// (a version the export did not list, such as a deleted one), which is stored with the batch.
    func configID(of reference: LoggedFileReference) -> String? {
        guard let exported = reference.versionID else { return nil }
        if let known = versions[exported] { return known }
        guard let config = try? Self.config(of: reference.record) else { return nil }
        versions[exported] = config.id
        pending.configs.append(
            (
                ModelConfigRecord(id: config.id, body: config.canonicalJSON), reference.fileID,
                reference.record.time("created_at") ?? Clock.now()
            ))
        pending.aliases += Self.promptAliases(of: exported, configID: config.id)
        return config.id
    }

    /// Writes the waiting rows in one transaction.
    func flush() async throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending = ImportRows(orgID: orgID)
        let counts = try await store.importRows(rows)
        // A log seen again (earlier in this export, or imported before) counts as already there.
        report.logs.new += counts.logs
        report.logs.existing += rows.logs.count - counts.logs - counts.logIDsHeldElsewhere.count
        if !counts.logIDsHeldElsewhere.isEmpty {
            report.conflicts.append(
                "\(counts.logIDsHeldElsewhere.count) log(s) whose ids another organisation holds, e.g. "
                    + counts.logIDsHeldElsewhere.prefix(3).joined(separator: ", "))
        }
        report.feedback.new += counts.feedback
        report.feedback.existing += rows.feedback.count - counts.feedback
        report.evaluations.new += counts.evaluations
        report.evaluations.existing += rows.evaluations.count - counts.evaluations
        report.runs.new += counts.runs
        report.runs.existing += rows.runs.count - counts.runs
    }
}
