"""The bank's coverage of the source notes, and its counts per topic and kind.

    python content/coverage.py NOTES_DIR                  # print both as Markdown
    python content/coverage.py NOTES_DIR --readme content/README.md   # rewrite them in place

NOTES_DIR is the folder of the interview notes the bank is built from (``NNN_*.txt``);
it is not part of the repository, so it is always given on the command line.

A note's sections are its ``#`` headings (outside code blocks). A note without any
(plain text) is split at its numbered headings (``2.1 …``), its stand-alone questions
(``…?``, nested under the numbered section they follow) and its short stand-alone title
lines, each of which must head some text or group the numbered sections after it. A line
that a card cites as ``source.section`` is a section too, wherever it stands. A heading
used twice in one note lists its cards at its first place.

Each section is listed with the ids of the cards whose ``source.section`` cites it. A
section with no card is either a sub-section of a covered one (the line says so),
deliberately not examined (``SKIPPED`` gives the reason), or a gap: gaps, and cards
citing a section the note does not have, are listed on stderr and make the exit status 1.

In the README the map and the counts table sit between ``<!-- coverage:start -->`` /
``<!-- coverage:end -->`` and ``<!-- counts:start -->`` / ``<!-- counts:end -->``;
``tests/test_content_coverage.py`` keeps both true as cards change.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# Sections that are deliberately not examined, and why (note number, heading).
SKIPPED = {
    ("000", "总结"): "a summary of the sections above",
    ("000", "历史文章"): "links to other articles",
    ("000", "机器学习"): "links to other articles",
    ("000", "深度学习"): "links to other articles",
    ("001", "概览"): "a table of contents",
    ("001", "概括"): "a summary of the section",
    ("002", "DeepLearning"): "the title of the note",
    ("002", "1.5 激活函数"): "an introduction to the three activation sections that follow",
    ("002", "对模型进行训练和测试"): "training code only",
    ("002", "三阶多项式函数拟合"): "training code and its plot",
    ("002", "线性函数拟合（欠拟合）"): "training code and its plot",
    ("002", "高阶多项式拟合（过拟合）"): "training code and its plot",
    ("002", "代码实现"): "code only",
    ("002", "简洁实现"): "code only",
    ("002", "定义模型参数"): "code only",
    ("002", "定义模型"): "code only",
    ("002", "训练和测试"): "code only",
    ("002", "总结"): "a summary of the section",
    ("002", "前言"): "an introduction to the section",
    ("003", "使用这个新的梯度在优化器内更新参数"): "a line of 3.7's text, not a heading",
    ("003", "发送评论 编辑评论"): "the web page's comment form",
    ("004", "实用文档"): "a link to a tutorial",
    ("004", "深度学习基础知识回顾"): "the title of the note's first part",
    ("004", "常见问题"): "the title of the note's question part",
    ("004", "机器学习中的问题"): "the title of a group of questions",
}

MAP_MARKERS = ("<!-- coverage:start -->", "<!-- coverage:end -->")
COUNT_MARKERS = ("<!-- counts:start -->", "<!-- counts:end -->")
KINDS = ("concept", "choice", "numeric", "steps")


@dataclass
class Section:
    title: str
    level: int
    line: int
    cards: list[str] = field(default_factory=list)


def _clean(heading: str) -> str:
    """A heading as cards cite it: no emphasis marks, no trailing colon."""
    return heading.strip().strip("*").strip().rstrip(":：").strip()


def markdown_sections(text: str) -> list[Section]:
    """The ``#`` headings of a Markdown note, skipping code blocks (whose comments start with #)."""
    out, fenced = [], False
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"^(#{1,6})\s*(\S.*?)\s*$", line)
        if m and not fenced:
            out.append(Section(_clean(m.group(2)), len(m.group(1)), n))
    return out


def plain_sections(text: str) -> list[Section]:
    """Sections of a plain-text note: numbered headings, stand-alone questions and short
    stand-alone title lines that head at least one line of text."""
    lines = text.splitlines()
    candidates: list[Section] = []
    depth = 1  # the level of the last numbered heading: questions after it sit below it
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or line != line.lstrip() or i == 0:
            continue
        alone = not lines[i - 1].strip() and (i + 1 == len(lines) or not lines[i + 1].strip())
        numbered = re.match(r"^(\d+(?:\.\d+)*)\s+\S", s)
        question = alone and len(s) <= 40 and re.search(r"[?？]$", s)
        title = alone and len(s) <= 20 and not re.search(r"[，,：:。；;（()）!！\\]", s)
        if numbered:
            depth = numbered.group(1).count(".") + 1
            candidates.append(Section(_clean(s), depth, i + 1))
        elif question:  # a question under the numbered section it follows, if any
            candidates.append(Section(_clean(s), depth + 1, i + 1))
        elif title:  # a topic of its own: the numbered part of the note is over
            depth = 0
            candidates.append(Section(_clean(s), 1, i + 1))
    # A candidate must head some text (a line of prose before the next candidate) or
    # group the numbered sections that follow it.
    out = []
    for k, sec in enumerate(candidates):
        nxt = candidates[k + 1] if k + 1 < len(candidates) else None
        end = nxt.line - 1 if nxt else len(lines)
        if any(len(lines[j].strip()) > 30 for j in range(sec.line, end)) or (nxt and nxt.level > sec.level):
            out.append(sec)
    return out


def note_sections(path: Path) -> list[Section]:
    text = path.read_text(encoding="utf-8")
    return markdown_sections(text) or plain_sections(text)


def bank_sources() -> tuple[dict[tuple[str, str], list[str]], dict[str, str], dict[str, str]]:
    """(note, section) -> card ids; card id -> topic; card id -> kind (in deck order)."""
    from quizapp.content import load_bank

    bank = load_bank()
    if bank.errors:
        raise SystemExit("\n".join(str(e) for e in bank.errors))
    cites: dict[tuple[str, str], list[str]] = defaultdict(list)
    topics, kinds = {}, {}
    for t in bank.templates.values():
        note, _, section = t.source.partition(" § ")
        cites[(note, section.strip())].append(t.id)
        topics[t.id], kinds[t.id] = t.topic, t.kind
    return cites, topics, kinds


def coverage(notes: Path) -> tuple[str, list[str]]:
    """The Markdown map and a list of problems (gaps, citations of sections that do not exist)."""
    cites, _, _ = bank_sources()
    problems: list[str] = []
    blocks = []
    for path in sorted(notes.glob("[0-9][0-9][0-9]_*.txt")):
        num = path.name[:3]
        text = path.read_text(encoding="utf-8")
        sections = note_sections(path)
        known = {s.title for s in sections}
        plain = {_clean(line) for line in text.splitlines() if line.strip()}
        for (note, title), ids in sorted(cites.items()):
            if note != num or title in known:
                continue
            if title in plain:  # a cited stand-alone line the rules above did not pick up
                line = next(n for n, l in enumerate(text.splitlines(), 1) if l.strip() and _clean(l) == title)
                sections.append(Section(title, 1, line))
                known.add(title)
            else:
                problems.append(f"{', '.join(ids)}: note {num} has no section “{title}”")
        sections.sort(key=lambda s: s.line)
        seen: set[str] = set()
        for s in sections:  # a heading used twice: its cards are listed at the first one
            if s.title not in seen:
                s.cards = sorted(cites.get((num, s.title), []))
            seen.add(s.title)
        lines = [f"**Note {num}**", ""]
        stack: list[Section] = []
        for s in sections:
            while stack and stack[-1].level >= s.level:
                stack.pop()
            indent = "  " * len(stack)
            if s.cards:
                what = ", ".join(f"`{c}`" for c in s.cards)
            elif (num, s.title) in SKIPPED:
                what = f"not examined: {SKIPPED[(num, s.title)]}"
            elif any(p.cards for p in stack):
                what = "see the section above"
            elif _covered_below(sections, s):
                what = "see the sub-sections below"
            else:
                what = "—"
                problems.append(f"note {num}, line {s.line}: no card examines “{s.title}”")
            lines.append(f"{indent}- {s.title}: {what}")
            stack.append(s)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks), problems


def _covered_below(sections: list[Section], s: Section) -> bool:
    """Whether a sub-section of ``s`` is examined (a heading that only groups others)."""
    i = sections.index(s)
    for t in sections[i + 1 :]:
        if t.level <= s.level:
            return False
        if t.cards:
            return True
    return False


def counts_table() -> str:
    _, topics, kinds = bank_sources()
    per: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for cid, topic in topics.items():
        per[topic][kinds[cid]] += 1
    rows = ["| topic | " + " | ".join(KINDS) + " | numeric + steps | all |", "|---|" + "---:|" * (len(KINDS) + 2)]
    total = dict.fromkeys(KINDS, 0)
    for topic in sorted(per):
        c = per[topic]
        for k in KINDS:
            total[k] += c[k]
        rows.append(f"| {topic} | " + " | ".join(str(c[k]) for k in KINDS)
                    + f" | {c['numeric'] + c['steps']} | {sum(c.values())} |")  # fmt: skip
    rows.append("| **all** | " + " | ".join(f"**{total[k]}**" for k in KINDS)
                + f" | **{total['numeric'] + total['steps']}** | **{sum(total.values())}** |")  # fmt: skip
    return "\n".join(rows)


def _replace(text: str, markers: tuple[str, str], body: str) -> str:
    start, end = markers
    if start not in text or end not in text:
        raise SystemExit(f"the README has no {start} … {end} block")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notes", type=Path, help="the folder of the notes (NNN_*.txt)")
    ap.add_argument("--readme", type=Path, help="rewrite the map and the counts in this README")
    args = ap.parse_args(argv)
    if not any(args.notes.glob("[0-9][0-9][0-9]_*.txt")):
        print(f"{args.notes} holds no notes (NNN_*.txt); give the folder of the notes", file=sys.stderr)
        return 2
    cmap, problems = coverage(args.notes)
    table = counts_table()
    if args.readme:
        text = args.readme.read_text(encoding="utf-8")
        text = _replace(_replace(text, MAP_MARKERS, cmap), COUNT_MARKERS, table)
        args.readme.write_text(text, encoding="utf-8")
    else:
        print(table, cmap, sep="\n\n")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
