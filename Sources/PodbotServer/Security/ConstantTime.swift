/// Comparisons whose time does not depend on where two secrets differ.
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes; the time depends only on their lengths.
    static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        if x.count != y.count { difference |= 1 }
        // Walk the expected secret's full length whatever the candidate's length.
        for index in 0..<y.count {
            let left = index < x.count ? x[index] : 0
            difference |= left ^ y[index]
        }
        return difference == 0
    }
}
