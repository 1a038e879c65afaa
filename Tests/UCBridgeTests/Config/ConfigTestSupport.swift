import Foundation
@testable import UCBridge

/// A minimal valid config; tests append or replace lines to provoke one problem at a time.
let minimalYAML = """
server:
  url: http://127.0.0.1:7224
  username: demo
  password: demo

"""

/// The problems `parse` reports for `yaml`, each as `file:line:column: message`; [] when it loads.
func configProblems(_ yaml: String, environment: [String: String] = [:]) -> [String] {
    do {
        _ = try ConfigLoader.parse(yaml: yaml, path: "t.yaml", environment: environment)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ucbridge-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
