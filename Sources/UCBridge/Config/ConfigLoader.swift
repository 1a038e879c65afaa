import Foundation

/// Reads and validates the YAML config (ARCHITECTURE.md section 7). Everything wrong is
/// reported at once as `file:line:column: message`; a missing file is told apart from a
/// wrong one. Secrets may live in `*_file` files or systemd credentials (see
/// `ConfigDecoder+Secrets.swift`); none ever appears in an error.
public enum ConfigLoader {
    /// Config files larger than this are refused before parsing.
    public static let maxFileBytes = 1024 * 1024

    public static let defaultPath = "/etc/ucbridge/ucbridge.yaml"

    /// Reads `path`; `environment` supplies `CREDENTIALS_DIRECTORY` (systemd credentials).
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> Config {
        let bytes: [UInt8]
        do { bytes = try ConfigFileReader.read(path, limit: maxFileBytes) } catch {
            switch error {
            case .notFound: throw .missing(path)
            case .tooLarge: throw .invalid(path, 1, 1, "the config file is larger than \(maxFileBytes) bytes")
            case .unreadable(let reason): throw .invalid(path, 1, 1, "cannot read the config file: \(reason)")
            }
        }
        return try parse(bytes: bytes, path: path, environment: environment)
    }

    public static func parse(yaml: String, path: String, environment: [String: String] = [:]) throws(ConfigError) -> Config {
        try parse(bytes: Array(yaml.utf8), path: path, environment: environment)
    }

    public static func parse(bytes: [UInt8], path: String, environment: [String: String] = [:]) throws(ConfigError) -> Config {
        guard bytes.count <= maxFileBytes else {
            throw .invalid(path, 1, 1, "the config file is larger than \(maxFileBytes) bytes")
        }
        let root = try YAMLReader.read(bytes, path: path)
        var decoder = ConfigDecoder(path: path, environment: environment)
        let config = decoder.decode(root)
        if !decoder.problems.isEmpty { throw ConfigError(problems: decoder.problems) }
        return config
    }
}
