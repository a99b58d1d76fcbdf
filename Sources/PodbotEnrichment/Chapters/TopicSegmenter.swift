import PodbotRetrieval

/// Where an episode changes topic, found in the transcript itself: the split of its passages into runs that are
/// each as coherent as possible.
///
/// Each passage is a vector (a sentence embedding when a model is at hand, else a bag of its content words, see
/// ``lexicalVectors(_:)``), centred on the episode's mean so that what all passages share does not count. A run's
/// coherence is |Σ v|² / length, which is largest when its vectors point the same way; the split into `count` runs
/// with the greatest total is found exactly by dynamic programming (every run's coherence once, O(n² · dimension / count)
/// for n passages, then O(n²)). Measured on joins of two or four real conversations (BENCHMARKS.md), it
/// found as many joins as TextTiling's valley depths with their best window, or more, and needs no window.
enum TopicSegmenter {
    /// The starts that split `vectors` into `count` runs of at least `minimumLength` that are each as coherent as
    /// possible: the split maximising the sum over runs of |Σ v|² / length of the vectors centred on their mean
    /// (least scatter within runs), found exactly by dynamic programming.
    static func starts(_ vectors: [[Float]], count: Int, minimumLength: Int) -> [Int] {
        let n = vectors.count
        let length = max(1, minimumLength)
        guard n > 0 else { return [] }
        let k = min(count, n / length)
        guard k > 1 else { return [0] }
        let centre = sum(vectors[...]).map { $0 / Float(n) }
        let dimension = centre.count
        // prefix[i] = sum of the first i centred vectors.
        var prefix = [[Float]](repeating: [Float](repeating: 0, count: dimension), count: n + 1)
        for i in 0..<n {
            for d in 0..<dimension { prefix[i + 1][d] = prefix[i][d] + vectors[i][d] - centre[d] }
        }
        // gain[from][to - from - 1]: the coherence of the run from..<to; no run is longer than three times the
        // mean, which bounds the work on very long transcripts.
        let longest = max(length, 3 * n / k)
        let gain = (0..<n).map { from in
            ((from + 1)...min(n, from + longest)).map { to -> Float in
                var total: Float = 0
                for d in 0..<dimension {
                    let difference = prefix[to][d] - prefix[from][d]
                    total += difference * difference
                }
                return total / Float(to - from)
            }
        }
        // best[j][i]: the best score of the first i vectors in j runs; back[j][i]: where the last run starts.
        var best = [[Float]](repeating: [Float](repeating: -.infinity, count: n + 1), count: k + 1)
        var back = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: k + 1)
        best[0][0] = 0
        for j in 1...k {
            for i in (j * length)...n {
                for start in max((j - 1) * length, i - longest)...(i - length) where best[j - 1][start] > -.infinity {
                    let score = best[j - 1][start] + gain[start][i - start - 1]
                    if score > best[j][i] {
                        best[j][i] = score
                        back[j][i] = start
                    }
                }
            }
        }
        var starts: [Int] = []
        var end = n
        for j in stride(from: k, through: 1, by: -1) {
            end = back[j][end]
            starts.append(end)
        }
        return starts.reversed()
    }

    /// The element-wise sum of `vectors` (their mean's direction).
    static func sum(_ vectors: ArraySlice<[Float]>) -> [Float] {
        guard let first = vectors.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors {
            for i in sum.indices where i < vector.count { sum[i] += vector[i] }
        }
        return sum
    }

    /// Bag-of-words vectors: each text's content words (lowercased, first 6 letters, stop words and talk fillers
    /// left out) hashed into ``lexicalDimension`` buckets with a stable hash, L2-normalised.
    static func lexicalVectors(_ texts: [String]) -> [[Float]] {
        texts.map { text in
            var vector = [Float](repeating: 0, count: lexicalDimension)
            for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            where word.count >= 3 && !fillers.contains(String(word)) {
                var hash: UInt32 = 2_166_136_261
                for byte in word.prefix(6).utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
                vector[Int(hash % UInt32(lexicalDimension))] += 1
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? vector.map { $0 / norm } : vector
        }
    }

    static let lexicalDimension = 2048

    /// Words that say nothing about a topic: function words and the fillers of spoken conversation.
    static let fillers = SupportCheck.stopWords.union([
        "yeah", "know", "think", "really", "going", "get", "got", "kind", "sort", "mean", "right", "okay", "well",
        "lot", "things", "thing", "way", "actually", "something", "people", "want", "see", "make", "stuff", "gonna",
        "lots", "yes", "now", "don", "didn", "doesn", "isn", "let", "much", "many", "even", "still", "maybe",
        "pretty", "good", "great",
    ])
}
