import Foundation

/// Where the library file lives when the user does not say.
public enum LibraryLocation {
    /// `--library` wins, then `PODBOT_LIBRARY`, then `$XDG_DATA_HOME/podbot/library.sqlite`,
    /// then `~/.local/share/podbot/library.sqlite`.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["PODBOT_LIBRARY"], !env.isEmpty { return env }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/podbot/library.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/podbot/library.sqlite"
    }
}
