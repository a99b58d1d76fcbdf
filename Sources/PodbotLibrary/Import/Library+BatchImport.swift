import Foundation

extension Library {
    /// Imports files in order, preparing (read, hash, parse, passages) up to `lookahead` files ahead on other
    /// threads while the current one is stored, so a batch uses more than one core. Each file is still stored
    /// in its own write transaction, in input order, exactly as ``importFile(_:limits:passages:)`` would.
    ///
    /// `each` receives every file's outcome in input order, as soon as it is stored or has failed; a failed
    /// file does not stop the batch. Unlike `importFile`, content already in the library is parsed before
    /// the store step finds it unchanged (the preparation step does not read the database).
    /// - Parameters:
    ///   - requests: The files, in the order they are stored (and episode ids given).
    ///   - lookahead: How many files may be prepared ahead of the one being stored (at least 1).
    ///   - each: Called with the request's index and its report or error.
    public func importFiles(
        _ requests: [ImportRequest], limits: ImportLimits = .default, passages policy: PassagePolicy = .default,
        lookahead: Int = 2, each: (Int, Result<ImportReport, any Error>) throws -> Void
    ) async rethrows {
        var pending: [Task<Result<PreparedImport, any Error>, Never>?] = []
        pending.reserveCapacity(requests.count)
        func startNext() {
            let request = requests[pending.count]
            pending.append(
                Task.detached {
                    Result { try Library.prepareImport(request, limits: limits, passages: policy) }
                })
        }
        while pending.count < min(requests.count, max(1, lookahead) + 1) { startNext() }
        for index in requests.indices {
            let prepared = await pending[index]!.value
            pending[index] = nil  // release the parsed file once stored
            if pending.count < requests.count { startNext() }
            let outcome = prepared.flatMap { prepared in Result { try store(prepared) } }
            try each(index, outcome)
        }
    }
}
