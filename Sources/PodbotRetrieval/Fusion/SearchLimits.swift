/// How many passages a search returns, for every front end (CLI, API, MCP), so they cannot drift apart.
public enum SearchLimits {
    /// The counts a caller may ask for.
    public static let range = 1...100
    /// The count when the caller names none.
    public static let defaultLimit = 10
}
