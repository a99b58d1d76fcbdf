import Foundation

/// An evaluation set: JSON Lines, one `{"question", "kind", "evidence": [{"episode" or "file", "phrase"}]}` per
/// line. A passage answers the question when it belongs to an evidence's episode (id or title) or file (the
/// imported file's name) and contains its phrase (compared on lowercased letters and digits).
///
/// `kind` is `single` (one passage answers; the default when there is evidence), `multi` (the answer needs
/// evidence from two or more conversations) or `uncovered` (the library does not answer it; no evidence).
public struct EvalSet: Sendable {
    /// What a question needs from the library.
    public enum Kind: String, Sendable, Codable, Equatable, CaseIterable {
        case single
        case multi
        case uncovered
    }

    /// One question and where its answer is.
    public struct Question: Sendable, Decodable, Equatable {
        public var question: String
        public var kind: Kind
        public var evidence: [Evidence]
        /// Line in the file, from 1.
        public var line: Int = 0

        enum CodingKeys: String, CodingKey { case question, kind, evidence }

        public init(question: String, kind: Kind? = nil, evidence: [Evidence], line: Int = 0) {
            self.question = question
            self.kind = kind ?? (evidence.isEmpty ? .uncovered : .single)
            self.evidence = evidence
            self.line = line
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let evidence = try container.decodeIfPresent([Evidence].self, forKey: .evidence) ?? []
            self.init(
                question: try container.decode(String.self, forKey: .question),
                kind: try container.decodeIfPresent(Kind.self, forKey: .kind), evidence: evidence)
        }
    }

    /// A phrase that shows a passage answers the question, and the episode or file it is in.
    public struct Evidence: Sendable, Decodable, Equatable {
        public var episode: String?
        public var file: String?
        public var phrase: String
        /// The conversation the evidence is from, when two library episodes hold the same conversation (a
        /// transcript imported twice); multi-episode coverage counts conversations, not episodes.
        public var conversation: String?
    }

    public var questions: [Question]

    /// Reads a JSONL file; blank lines and lines starting with `//` are skipped.
    /// - Throws: ``EvalError`` naming the file and line at fault.
    public init(path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EvalError("\(path): cannot read the evaluation set (\(error.localizedDescription))")
        }
        var questions: [Question] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            do {
                var question = try JSONDecoder().decode(Question.self, from: Data(trimmed.utf8))
                question.line = index + 1
                guard !question.question.isEmpty else { throw EvalError("\(path):\(index + 1): needs a question") }
                guard question.evidence.isEmpty == (question.kind == .uncovered) else {
                    throw EvalError(
                        "\(path):\(index + 1): a \(question.kind.rawValue) question "
                            + (question.kind == .uncovered ? "has no evidence" : "needs at least one evidence"))
                }
                for evidence in question.evidence where evidence.episode == nil && evidence.file == nil {
                    throw EvalError(
                        "\(path):\(index + 1): evidence \"\(evidence.phrase)\" needs \"episode\" or \"file\"")
                }
                questions.append(question)
            } catch let error as EvalError {
                throw error
            } catch {
                throw EvalError("\(path):\(index + 1): not a valid evaluation line (\(error))")
            }
        }
        guard !questions.isEmpty else { throw EvalError("\(path): no questions") }
        self.questions = questions
    }

    public init(questions: [Question]) { self.questions = questions }
}

/// A problem with an evaluation set or run; `description` names the file and line.
public struct EvalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Phrase matching on lowercased letters and digits, so punctuation and line breaks do not matter.
enum PhraseMatch {
    static func normalize(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace && !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.append(character)
            } else if character == "'" || character == "’" {
                continue
            } else {
                pendingSpace = true
            }
        }
        return output
    }

    /// True when `passage` (normalized) holds `phrase` (normalized), or, for phrases of six words or more that
    /// a passage boundary cuts, ends with the phrase's first half or starts with its second half.
    static func matches(_ passage: String, phrase: String) -> Bool {
        if passage.contains(phrase) { return true }
        let words = phrase.split(separator: " ")
        guard words.count >= 6 else { return false }
        let half = (words.count + 1) / 2
        let head = words.prefix(half).joined(separator: " ")
        let tail = words.suffix(half).joined(separator: " ")
        return passage.hasSuffix(head) || passage.hasPrefix(tail)
    }
}
