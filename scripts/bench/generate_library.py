#!/usr/bin/env python3
"""Generates a synthetic podcast library for the import/search benchmark (issue 2).

Every episode is a seeded, shuffled mix of real passages from the five reference transcripts
(../shared/corpus or $PODBOT_CORPUS), so vocabulary and term frequencies are those of real
podcast speech, rendered in one of the shapes podbot imports:

  whisper   `[HH:MM:SS.mmm --> HH:MM:SS.mmm]   text` cue lines
  srt       numbered SRT cues
  vtt       WebVTT with `<v Name>` voice tags
  labelled  `Name: text` speaker turns
  plain     paragraphs separated by blank lines

Times are monotonic within a file. Each file starts with a unique intro line (podbot skips
content it already holds, by SHA-256, so every file must differ). Output is a pure function of
(corpus, --seed, --episodes, --episode-kb): the same arguments give byte-identical files.

Also writes `queries.txt`: 100 listener queries, mostly the questions the reference bot
extracted (the CSV's `questions` column), plus a few keyword queries.

Standard library only.
"""

import argparse
import ast
import csv
import hashlib
import io
import os
import random
import re
import sys

CORPUS_FILES = {
    "asr": "gradient-dissent-2022-jeremy-howard-asr.txt",
    "csv": "gradient-dissent-bot-summary-que-data.csv.txt",
    "lex": "lex-fridman-jeremy-howard.txt",
    "whisper": "latent-space-jeremy-howard-whisper.txt",
    "vg": "vanishing-gradients-jeremy-howard.txt",
}

SHAPES = ["whisper", "srt", "vtt", "labelled", "plain"]

# Speaker names for the shapes that label speakers (1-3 capitalised words, as podbot expects).
NAMES = [
    "Jeremy Howard", "Lukas Biewald", "Sarah Catanzaro", "Cristobal Valenzuela", "Hugo Bowne-Anderson",
    "Lex Fridman", "Alessio Fanelli", "Swyx", "Rachel Thomas", "Andrej", "Chris Lattner", "Ada Okafor",
    "Mei Lin", "Tomas Novak", "Priya Raman", "Omar", "Grace Kim", "Daniel",
]

KEYWORD_QUERIES = [
    "fast.ai course", "kaggle competitions", "transfer learning", "stable diffusion", "GPT-3",
    "swift for tensorflow", "jupyter notebooks", "nbdev", "data science education", "covid masks",
    "language model fine tuning", "ULMFiT", "pytorch", "random forests", "deep learning for coders",
]

WORDS_PER_SECOND = 2.6


def corpus_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "corpus"))
    return os.environ.get("PODBOT_CORPUS") or default


def read(folder, key):
    with open(os.path.join(folder, CORPUS_FILES[key]), encoding="utf-8") as handle:
        return handle.read()


def unmojibake(text):
    """Undoes the CSV's UTF-8-read-as-Windows-1253 damage where that round-trips cleanly."""
    try:
        return text.encode("cp1253").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def chunk_words(text, size):
    """Splits unpunctuated text into runs of about `size` words."""
    words = text.split()
    return [" ".join(words[i:i + size]) for i in range(0, len(words), size)]


def sentences_to_units(text, target_words=45):
    """Groups sentences into paragraph-sized units; long unpunctuated stretches are cut by words."""
    units, current, count = [], [], 0
    for sentence in SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        n = len(sentence.split())
        if n > 2 * target_words:
            if current:
                units.append(" ".join(current))
                current, count = [], 0
            units.extend(chunk_words(sentence, target_words))
            continue
        current.append(sentence)
        count += n
        if count >= target_words:
            units.append(" ".join(current))
            current, count = [], 0
    if current:
        units.append(" ".join(current))
    return units


CSV_LABEL = re.compile(r"(?:^|(?<=[.?!β€¦\"]) )([A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}): ")
VG_LABEL = re.compile(r"\b(?:hugo bowne-anderson|Jeremy)\b ")
WHISPER_CUE = re.compile(r"^\[[0-9:.]+ --> [0-9:.]+\]\s*(.*)$")
NON_SPEECH = re.compile(r"^\s*[\[(][^\])]*[\])]\s*$")


def load_units(folder):
    """Paragraph-sized passages of real speech from all five files, with their source for balance."""
    units = []

    # ASR: hard-wrapped stream, punctuated only at first.
    asr = " ".join(read(folder, "asr").split())
    units += [("asr", u) for u in sentences_to_units(asr)]

    # CSV: 8 lines of page chrome, then pandas CSV; transcripts carry inline `Name:` labels.
    lines = read(folder, "csv").split("\n")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[8:]))))
    for row in rows:
        transcript = unmojibake(row["transcript"])
        for turn in CSV_LABEL.split(transcript):
            turn = turn.strip()
            if len(turn.split()) >= 4:
                units += [("csv", u) for u in sentences_to_units(turn)]

    # Lex: blank-line paragraphs after one line of chrome.
    lex = read(folder, "lex").split("\n", 1)[1]
    for paragraph in re.split(r"\n\s*\n", lex):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            units += [("lex", u) for u in sentences_to_units(paragraph)]

    # Whisper: join cue texts, drop non-speech-only cues.
    texts = []
    for line in read(folder, "whisper").splitlines():
        match = WHISPER_CUE.match(line.strip())
        if match and match.group(1) and not NON_SPEECH.match(match.group(1)):
            texts.append(match.group(1).lstrip("- ").strip())
    units += [("whisper", u) for u in sentences_to_units(" ".join(texts))]

    # Vanishing Gradients: one line with inline names, no colon.
    vg = read(folder, "vg")
    for turn in VG_LABEL.split(vg):
        turn = " ".join(turn.split())
        if len(turn.split()) >= 4:
            units += [("vg", u) for u in sentences_to_units(turn)]

    return [text for _, text in units if len(text.split()) >= 3]


def load_questions(folder):
    lines = read(folder, "csv").split("\n")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[8:]))))
    questions = []
    for row in rows:
        for question in ast.literal_eval(row["questions"]):
            question = " ".join(unmojibake(question).split())
            if question and question not in questions:
                questions.append(question)
    return questions


def stamp(ms, comma=False):
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{',' if comma else '.'}{millis:03d}"


class Timeline:
    """Monotonic cue times: speech at ~2.6 words/s with small gaps."""

    def __init__(self, rng):
        self.rng = rng
        self.now = rng.randint(0, 4000)

    def cue(self, text):
        start = self.now + self.rng.randint(0, 400)
        end = start + max(400, int(len(text.split()) / WORDS_PER_SECOND * 1000))
        self.now = end
        return start, end


def fragments(text, rng, low=6, high=14):
    """Cuts a unit into subtitle-sized fragments, as Whisper and SRT do."""
    words = text.split()
    out, i = [], 0
    while i < len(words):
        n = rng.randint(low, high)
        out.append(" ".join(words[i:i + n]))
        i += n
    return out


def render(shape, turns, intro, rng):
    """turns: list of (speaker, text). Returns the file's text."""
    timeline = Timeline(rng)
    out = []
    if shape == "whisper":
        for speaker, text in [(None, intro)] + turns:
            for k, piece in enumerate(fragments(text, rng)):
                start, end = timeline.cue(piece)
                dash = "- " if k == 0 and speaker and rng.random() < 0.3 else ""
                out.append(f"[{stamp(start)} --> {stamp(end)}]   {dash}{piece}\n")
    elif shape == "srt":
        index = 1
        for _, text in [(None, intro)] + turns:
            for piece in fragments(text, rng, 8, 16):
                start, end = timeline.cue(piece)
                words = piece.split()
                if len(words) > 8:  # two subtitle lines
                    half = len(words) // 2
                    piece = " ".join(words[:half]) + "\n" + " ".join(words[half:])
                out.append(f"{index}\n{stamp(start, comma=True)} --> {stamp(end, comma=True)}\n{piece}\n\n")
                index += 1
    elif shape == "vtt":
        out.append("WEBVTT\n\n")
        for speaker, text in [(turns[0][0], intro)] + turns:
            for piece in fragments(text, rng, 8, 18):
                start, end = timeline.cue(piece)
                out.append(f"{stamp(start)} --> {stamp(end)}\n<v {speaker}>{piece}\n\n")
    elif shape == "labelled":
        for speaker, text in [(turns[0][0], intro)] + turns:
            out.append(f"{speaker}: {text}\n\n")
    else:  # plain
        for _, text in [(None, intro)] + turns:
            out.append(text + "\n\n")
    return "".join(out)


def make_episode(index, units, rng, target_bytes):
    shape = SHAPES[index % len(SHAPES)]
    host, guest = rng.sample(NAMES, 2)
    intro = (
        f"Welcome to episode {index + 1} of the synthetic show, recorded with {guest}; "
        f"this is {host}, and today we talk about {rng.choice(['models', 'data', 'teaching', 'research', 'tools'])}."
    )
    turns, size, speaker = [], 0, host
    # Draw passages without replacement from a per-episode shuffle, cycling if the episode is larger than the pool.
    order = list(range(len(units)))
    rng.shuffle(order)
    position = 0
    while size < target_bytes:  # text bytes only; trimmed to the rendered size below
        if position == len(order):
            rng.shuffle(order)
            position = 0
        text = units[order[position]]
        position += 1
        # A turn is one to three passages; speakers alternate.
        if turns and turns[-1][0] == speaker and rng.random() < 0.5:
            turns[-1] = (speaker, turns[-1][1] + " " + text)
        else:
            turns.append((speaker, text))
        size += len(text)
        if rng.random() < 0.6:
            speaker = guest if speaker == host else host
    # Markup overhead differs by shape (cue times dominate in SRT); drop trailing turns until the file fits.
    seed = rng.random()
    text = render(shape, turns, intro, random.Random(seed))
    while len(text) > target_bytes and len(turns) > 1:
        keep = max(1, min(len(turns) - 1, int(len(turns) * target_bytes / len(text))))
        turns = turns[:keep]
        text = render(shape, turns, intro, random.Random(seed))
    return shape, text


EXTENSIONS = {"whisper": "txt", "srt": "srt", "vtt": "vtt", "labelled": "txt", "plain": "txt"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="folder to write the episodes and queries.txt into (created; emptied of ep-* files)")
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--episode-kb", type=float, default=100.0, help="approximate size of one file in KB (1000 bytes)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()

    folder = corpus_dir()
    units = load_units(folder)
    questions = load_questions(folder)
    os.makedirs(args.output, exist_ok=True)
    for name in os.listdir(args.output):
        if name.startswith("ep-"):
            os.remove(os.path.join(args.output, name))

    total, digests, shapes = 0, set(), {}
    width = len(str(args.episodes))
    for index in range(args.episodes):
        rng = random.Random(f"{args.seed}:{index}")
        shape, text = make_episode(index, units, rng, int(args.episode_kb * 1000))
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        if digest in digests:
            sys.exit(f"generate_library: episode {index} duplicates an earlier one")
        digests.add(digest)
        name = f"ep-{index + 1:0{width}d}-{shape}.{EXTENSIONS[shape]}"
        with open(os.path.join(args.output, name), "wb") as handle:
            handle.write(data)
        total += len(data)
        shapes[shape] = shapes.get(shape, 0) + 1

    rng = random.Random(f"{args.seed}:queries")
    keyword_count = min(len(KEYWORD_QUERIES), max(0, args.queries // 10))
    chosen = rng.sample(questions, min(len(questions), args.queries - keyword_count))
    chosen += rng.sample(KEYWORD_QUERIES, keyword_count)
    while len(chosen) < args.queries:  # only when asked for more queries than the corpus has
        chosen.append(rng.choice(questions))
    with open(os.path.join(args.output, "queries.txt"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(chosen) + "\n")

    print(
        f"generate_library: {args.episodes} episodes, {total} bytes ({total / 1e6:.1f} MB), "
        f"{len(units)} source passages, shapes {shapes}, {len(chosen)} queries ({keyword_count} keyword) "
        f"in {args.output}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
