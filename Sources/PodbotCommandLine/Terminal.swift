import Foundation

/// Writing to the terminal: stdout for results, stderr for progress and errors.
public enum Terminal {
    public static func error(_ error: any Error) {
        standardError("podbot: \(error)")
    }

    /// Writes `line` to standard error, after what `print` has buffered for standard output: when both go to one
    /// file (`podbot ask … > log 2>&1`), lines keep the order they were written in.
    public static func standardError(_ line: String) {
        fflush(nil)  // every stdio output stream: `print` writes through stdout's buffer
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes `podbot: line` to standard error: a reason the result is weaker than asked, not a failure.
    @Sendable public static func notice(_ line: String) { standardError("podbot: " + line) }

    /// Prints `value` as pretty JSON with stable key order.
    public static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    public static var isTTY: Bool { isatty(STDOUT_FILENO) != 0 }
}
