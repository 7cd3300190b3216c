import ArgumentParser
import LoopgateCore
import LoopgateImport
import Storage

/// `loopgate import EXPORT_DIR [--org NAME] [--database URL]`: a Humanloop export, ids kept.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a Humanloop export (one exports/<stamp>/ folder of humanloop-export), ids kept.",
        discussion: """
            Prompts become projects that keep their pr_ ids, their versions configs that their prv_ ids \
            name, deployments go to environments of the same names; tools, flows, evaluators, datasets, \
            evaluations and logs keep their ids too. Safe while a server runs on the same database. Running \
            it again changes nothing; an interrupted import run again finishes the job. Exit status: 0 when \
            everything was imported, 1 when something was skipped or not imported (listed), 2 when the \
            folder is not an export.
            """)

    @Argument(help: "The export folder: exports/<stamp>/ as humanloop-export wrote it.")
    var exportDirectory: String

    @Option(help: "The organisation to import into (made when missing).")
    var org: String = KeyManagement.defaultOrganization

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let folder: ExportFolder
        do {
            folder = try ExportFolder(path: exportDirectory)
        } catch {
            ImportProgress.writeToStandardError("loopgate import: \(error)")
            throw ExitCode(2)
        }
        let org = self.org
        let report = try await databaseOptions.withStore { store in
            let organization = try await store.ensureOrganization(named: org)
            let importer = ExportImporter(
                store: store, folder: folder, orgID: organization.id,
                progress: ImportProgress(totalFiles: folder.fileIDs.count))
            return try await importer.run()
        }
        print(report.text)
        if !report.isComplete { throw ExitCode(1) }
    }
}
