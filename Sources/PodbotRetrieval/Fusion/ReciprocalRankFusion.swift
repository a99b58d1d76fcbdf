/// Reciprocal-rank fusion (Cormack et al. 2009): an item's fused score is Σ weight / (k + rank) over the
/// rankings that contain it (rank from 1). It needs no score calibration between BM25 and cosine.
public enum ReciprocalRankFusion {
    /// The usual constant; larger values flatten the advantage of the very top ranks.
    public static let defaultK = 60.0

    /// Fuses rankings of ids (best first) into one, best first, with each id's fused score.
    /// Ties keep the order of first appearance (first ranking first), so results are deterministic.
    public static func fuse(_ rankings: [[Int64]], weights: [Double]? = nil, k: Double = defaultK)
        -> [(id: Int64, score: Double)]
    {
        var scores: [Int64: Double] = [:]
        var firstSeen: [Int64: Int] = [:]
        var order = 0
        for (index, ranking) in rankings.enumerated() {
            let weight = weights.map { index < $0.count ? $0[index] : 1 } ?? 1
            for (rank, id) in ranking.enumerated() {
                scores[id, default: 0] += weight / (k + Double(rank + 1))
                if firstSeen[id] == nil {
                    firstSeen[id] = order
                    order += 1
                }
            }
        }
        return scores.map { (id: $0.key, score: $0.value) }.sorted {
            $0.score != $1.score ? $0.score > $1.score : firstSeen[$0.id]! < firstSeen[$1.id]!
        }
    }
}
