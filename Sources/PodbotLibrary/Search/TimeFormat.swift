/// `H:MM:SS` / `M:SS`, the one way times are shown: in prompts and answers, the CLI and the web pages.
public enum TimeFormat {
    /// Seconds as `H:MM:SS` or `M:SS`, rounded down.
    public static func clock(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }
}
