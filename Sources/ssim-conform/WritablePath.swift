import FoundationEssentials
import Glibc

/// Where a command will write (a report folder, a response file), checked before any work: a run is not made only
/// to find at its end that what it found cannot be kept. The check leaves nothing behind (a folder it makes to see
/// whether it can is removed at once), and its messages name the path as the user gave it.
enum WritablePath {
    /// Why the folder `path` cannot be filled (created first, with its missing parents, if it does not exist), or
    /// nil when it can.
    static func folderProblem(_ path: String) -> String? {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory else { return "\(path) is a file, not a folder" }
            return canMakeFolder(in: path) ? nil : "\(path): the folder is not writable"
        }
        // The nearest existing ancestor is where the missing folders would be made.
        var ancestor = path
        repeat {
            ancestor = parent(of: ancestor)
        } while !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory)
        guard isDirectory else { return "cannot make the folder \(path): \(ancestor) is a file" }
        return canMakeFolder(in: ancestor) ? nil : "cannot make the folder \(path): \(ancestor) is not writable"
    }

    /// Whether a folder can be made in `folder`, found by making one and removing it: permissions alone do not tell
    /// (root passes every access check, and some file systems, /proc or one mounted read-only, refuse all the same).
    private static func canMakeFolder(in folder: String) -> Bool {
        var template = Array("\(folder)/.ssim-conform-probe-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return false }
        rmdir(made)
        return true
    }

    /// Why a new file cannot be written at `path` in its existing folder, or nil when it can. An existing file is left
    /// to the writer, which says whether it replaces it.
    static func fileProblem(_ path: String) -> String? {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory ? "\(path) is a folder, not a file" : nil
        }
        let folder = parent(of: path)
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            return "cannot write \(path): there is no folder \(folder)"
        }
        guard isDirectory else { return "cannot write \(path): \(folder) is a file" }
        return access(folder, W_OK | X_OK) == 0 ? nil : "cannot write \(path): \(folder) is not writable"
    }

    /// The folder holding `path`, as the user would write it: "." for a bare name, "/" at the top; repeated and
    /// trailing slashes are left out ("a//b/" is in "a").
    private static func parent(of path: String) -> String {
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        if path.hasPrefix("/") { return "/" + parent }
        return parent.isEmpty ? "." : parent
    }
}
