import HumanloopAPI
import LoopgateCore

extension DirectoryResponse {
    init(v5 directory: Directory) {
        self.init(
            id: directory.id, parentID: directory.parentID, name: directory.name, path: directory.path,
            createdAt: directory.createdAt, updatedAt: directory.updatedAt)
    }
}

extension DirectoryWithParentsAndChildrenResponse {
    init(v5 contents: DirectoryContents) {
        self.init(
            directory: DirectoryResponse(v5: contents.directory),
            subdirectories: contents.subdirectories.map(DirectoryResponse.init(v5:)),
            files: contents.files.map(V5FileResponse.init(v5:)),
            parents: contents.parents.map(DirectoryResponse.init(v5:)))
    }
}
