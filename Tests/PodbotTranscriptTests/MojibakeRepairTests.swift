import PodbotTestSupport
import PodbotTranscript
import Testing

@Suite struct MojibakeRepairTests {
    /// UTF-8 read as Windows-1253 (the corpus CSV), Windows-1252 and Latin-1.
    @Test(arguments: [
        ("β€”", "—"), ("CristΓ³bal Valenzuela", "Cristóbal Valenzuela"), ("DALLΒ·E", "DALL·E"),
        ("Sarah Catanzaro β€” Remembering", "Sarah Catanzaro — Remembering"), ("β€“ range", "– range"),
        ("cafÃ© and naÃ¯ve", "café and naïve"), ("itâ€™s", "it’s"), ("â€œquotedâ€\u{9D}", "“quoted”"),
        ("ZÃ¼rich", "Zürich"), ("Ã\u{81}lex", "Álex"), ("Î•Î»Î»Î·Î½Î¹ÎºÎ¬", "Ελληνικά"),
        ("ÎšÎ±Î»Î·Î¼Î­Ï\u{81}Î±", "Καλημέρα"), ("emoji ðŸ‘\u{8D}", "emoji 👍"), ("Γ³β€”’", "ó—’"),
    ])
    func repairsMojibake(_ broken: String, _ fixed: String) {
        #expect(MojibakeRepair.repair(broken) == fixed)
    }

    /// Correct text, including characters that mojibake is made of, stays untouched.
    @Test(arguments: [
        "Àlex Friedman", "it’s", "Καλημέρα κόσμε", "ΚΑΛΗΜΈΡΑ", "Άλφα, Έψιλον, Ώμέγα", "naïve", "café", "em — dash",
        "Straße", "日本語のテキスト", "👍 done", "Ã", "β", "Γ", "€100", "½ cup", "«Ça va?»", "Ölçek ığdır", "Привет, мир",
        "ÀÉÎÕÜ àéîõü", "Ñandú", "æøå ÆØÅ", "naïve café — “quoted” ‘single’ … •",
    ])
    func leavesCorrectTextAlone(_ text: String) {
        #expect(MojibakeRepair.repair(text) == text)
    }

    @Test(arguments: [Corpus.lex, Corpus.whisper, Corpus.vanishing, Corpus.asr])
    func isTheIdentityOnCleanCorpusFiles(_ name: String) throws {
        let text = try Corpus.text(name)
        #expect(MojibakeRepair.repair(text) == text)
    }

    @Test func repairsTheWholeCSV() throws {
        let text = try Corpus.text(Corpus.csv)
        let repaired = MojibakeRepair.repair(text)
        #expect(text.components(separatedBy: "β€”").count - 1 == 253)
        #expect(!repaired.contains("β€"))
        #expect(!repaired.contains("Γ³"))
        #expect(!repaired.contains("Β·"))
        #expect(repaired.components(separatedBy: "—").count - 1 == 253)
        #expect(repaired.contains("Cristóbal"))
        #expect(repaired.contains("DALL·E"))
        // Curly apostrophes that survived the original accident are kept as they are.
        #expect(repaired.components(separatedBy: "’").count == text.components(separatedBy: "’").count)
    }
}
