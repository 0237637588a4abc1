"""Build Parley's verb-pattern table from the PETRARCH2 CAMEO dictionary (MIT).

    parley build verbs [--shared PATH]

Reads `events/petrarch2/CAMEO.2.0.txt` (verb groups, their patterns and CAMEO
codes) and `events/plover_gsr/CAMEO2PLOVER-2021.txt` (CAMEO code -> PLOVER
type, mode, context) and writes three small tables to `parley/resources/`:

- `cameo_verbs.tsv`: lemma, CAMEO code, the words a pattern needs (may be empty)
- `cameo_synsets.tsv`: synonym-set name, member word
- `cameo_plover.tsv`: CAMEO code, PLOVER event, mode, context

The PETRARCH2 pattern language is richer than what Parley matches: here a
pattern keeps only the words it needs around the verb (objects, prepositions,
nouns in prepositional phrases), which the events stage looks for in the verb's
clause. Source/target markers and word order are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ResourceError
from ..knowledge import RESOURCES

DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"

_GROUP = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
_CODE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*,\s*([^#]*?)\s*(?:#.*)?$")
# CAMEO 01 (public statements) has no PLOVER type; 02 (appeals) is PLOVER's REQUEST.
_EXTRA_ROOTS = {"02": ("REQUEST", "", "")}
# The 2021 conversion table predates the manual's final mode lists: older mode names are
# renamed to the manual's, and names the manual dropped ("ease", "return") or that are
# contexts, not modes ("pro_autocracy") are left empty.
_MODE_NAMES = {
    "ease": "", "return": "", "cleansing": "", "pro_autocracy": "",
    "ban": "restrict",  # COERCE/THREATEN restrict: "banning of ... parties or individuals"
    "political": "restrict",  # THREATEN restrict: restrictions on political activities
    "assassinate": "targeted", "massacre": "targeted",  # ASSAULT targeted: assassinations, mass killings
}
# Codes where the manual's definitions overrule the conversion table (type, mode).
_MANUAL_CODES = {
    "0813": ("CONCEDE", ""),  # CONCEDE: "removing curfews"; lifting a curfew is a verbal concession
    "0814": ("CONCEDE", ""),  # the same for a state of emergency or martial law
    "112": ("ACCUSE", "allege"),  # ACCUSE allege: "formally or informally accuse"
    "116": ("SANCTION", "convict"),  # SANCTION convict: "find ... guilty ... in a court of law"
    "133": ("THREATEN", "restrict"),  # THREATEN restrict includes boycotts and strikes
    "163": ("SANCTION", "discontinue"),  # "international sanctions are coded as 'discontinue'"
    "1712": ("ASSAULT", "destroy"),  # ASSAULT destroy: intentional destruction of property
    "1823": ("ASSAULT", "beat"),  # killing by physical assault, no weapon named
}


def _first_code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return code if code.isdigit() else None


def _words(pattern: str) -> list[str]:
    """The words a pattern requires after the verb marker, lower-cased; synsets keep their '&'."""
    _, _, after = pattern.partition("*")
    words = []
    for token in re.split(r"[\s{}()]+", after.replace("_", " ")):
        token = token.strip().lower()
        if not token or token in {"$", "+", "%", "^", "|", "#"} or token.startswith("#"):
            continue
        words.append(token.strip("$+%^"))
    return [w for w in words if w]


def parse_verbs(path: Path) -> tuple[list[tuple[str, str, str]], dict[str, set[str]]]:
    rows: dict[tuple[str, str, str], int] = {}  # row -> rank: a verb's own group's default first
    synsets: dict[str, set[str]] = {}
    section = "header"
    group_code: str | None = None
    group_name = ""
    members: list[str] = []
    current_synset: str | None = None
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("#") else ""
        if "SYNONYM SETS" in raw:
            section = "synsets"
            continue
        if "VERB PATTERNS" in raw:
            section = "verbs"
            continue
        if "TRANSFORMATIONS" in raw:
            break
        if not line.strip():
            continue
        if section == "synsets":
            if line.startswith("&"):
                current_synset = line.strip().rstrip("_").lower()
                synsets[current_synset] = set()
            elif line.startswith("+") and current_synset:
                synsets[current_synset].add(line[1:].strip().rstrip("_").replace("_", " ").lower())
            continue
        if section != "verbs":
            continue
        if match := _GROUP.match(line):
            group_code = _first_code(match.group(2))
            group_name = match.group(1).lower().replace("_", " ")
            members = []
            continue
        if match := _PATTERN.match(line):
            code = _first_code(match.group(2))
            if code:
                for verb in members:
                    lemma, _, particle = verb.partition(" ")
                    words = ([particle] if particle else []) + _words(match.group(1))
                    rows.setdefault((lemma, code, " ".join(words)), 1)
            continue
        # a member verb: "SEND {SENDS SENT}" or a phrasal "+MEET_WITH {...}"
        verb = re.split(r"[\s{]", line.strip().lstrip("+"), maxsplit=1)[0]
        verb = verb.rstrip("_").replace("_", " ").lower()
        if verb and verb.replace(" ", "").replace("-", "").isalpha():
            members.append(verb)
            if group_code:
                lemma, _, particle = verb.partition(" ")
                rows.setdefault((lemma, group_code, particle), 0 if verb == group_name else 1)
    # Stable sort: the lemma's own group default, then everything in dictionary order.
    ordered = sorted(rows, key=lambda row: (row[0], rows[row]))
    return ordered, synsets


def parse_plover(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if match := _CODE.match(line.strip()):
            code, event, mode, context = (g.strip() for g in match.groups())
            mode = _MODE_NAMES.get(mode, mode)
            event, mode = _MANUAL_CODES.get(code, (event, mode))
            rows.append((code, event, mode, context.replace(" ", "")))
    known = {r[0] for r in rows}
    rows += [(c, *v) for c, v in _EXTRA_ROOTS.items() if c not in known]
    return sorted(rows)


def build(shared: Path, out: Path = RESOURCES) -> dict[str, int]:
    """Write the three tables to `out`; the number of rows of each. ResourceError without the dictionaries."""
    events = shared / "data" / "events"
    if not (events / "petrarch2").is_dir():
        raise ResourceError(f"no PETRARCH2 dictionaries under {shared}")
    verbs, synsets = parse_verbs(events / "petrarch2" / "CAMEO.2.0.txt")
    plover = parse_plover(events / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    header = "# built by `parley build verbs` from PETRARCH2 CAMEO.2.0.txt and CAMEO2PLOVER-2021.txt (MIT)\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cameo_verbs.tsv").write_text(header + "".join("\t".join(r) + "\n" for r in verbs), "utf-8")
    (out / "cameo_synsets.tsv").write_text(
        header + "".join(f"{name}\t{word}\n" for name in sorted(synsets) for word in sorted(synsets[name])), "utf-8"
    )
    (out / "cameo_plover.tsv").write_text(header + "".join("\t".join(r) + "\n" for r in plover), "utf-8")
    return {"verb_patterns": len(verbs), "synsets": len(synsets), "cameo_codes": len(plover)}
