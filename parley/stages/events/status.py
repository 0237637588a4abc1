"""How an event is reported: as fact, planned, possible or negated, read from its clause."""

from __future__ import annotations

_POSSIBLE_AUX = {"could", "might", "may", "can", "would"}
_PLANNED_AUX = {"will", "shall", "'ll", "wo"}
_HEDGES = {"likely", "possibly", "perhaps", "maybe", "potentially", "reportedly_not"}
_POSSIBLE_WORDS = {"potential", "possible", "speculation", "proposed", "hypothetical", "prospective", "mooted"}
_PLANNED_WORDS = {"plan", "planned", "prepare", "preparation", "schedule", "scheduled", "upcoming", "expect", "intend", "set", "future"}
_NEGATIONS = {"not", "n't", "never", "no"}
_ABSENCE = {"lack", "absence", "dearth"}
_INTENT_WORDS = {"desire", "want", "wish", "hope", "interest", "interested", "keen", "ready", "willing", "eager", "offer", "propose", "seek", "invite", "invitation"}


def intent_governor(token):
    """The word expressing an intent to meet that governs `token` ("desire to meet", "interest in meeting")."""
    node = token
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ == "ADP":  # "interest in meeting"
            head = head.head
        if head.lemma_.lower() in _INTENT_WORDS:
            return head
        if node.dep_ not in {"xcomp", "acl", "pcomp", "pobj", "prep"}:
            return None
        node = head
    return None


def event_status(token, intent=None) -> str:
    """occurred, planned, possible or did_not_occur, from the trigger's own clause and the verbs above it.

    An intent to meet ("expressed his desire to meet") occurred: the status is read from the
    intent word's clause, not from the meeting's.
    """
    node = intent if intent is not None else token
    status = "occurred"
    for depth, current in enumerate(_path_to_clause_root(node)):
        children = list(current.children)
        lowers = {c.lower_ for c in children}
        if depth == 0 or current.dep_ in {"xcomp", "aux", "ROOT"} or current.pos_ in {"VERB", "AUX", "NOUN"}:
            if lowers & _NEGATIONS and any(c.dep_ == "neg" for c in children):
                return "did_not_occur"
            if (lowers & _HEDGES) or (lowers & _POSSIBLE_AUX and any(c.dep_ == "aux" for c in children)):
                status = "possible"
            elif lowers & _PLANNED_AUX and any(c.dep_ == "aux" for c in children) and status == "occurred":
                status = "planned"
            if {c.lemma_.lower() for c in children if c.dep_ in {"amod", "compound"}} & _POSSIBLE_WORDS:
                status = "possible"
        if current.i != node.i and status == "occurred" and (
            current.lemma_.lower() in _PLANNED_WORDS or _about_to(current)
        ):
            status = "planned"
        if current.lemma_.lower() in _POSSIBLE_WORDS and current.i != node.i:
            status = "possible"
        if status == "possible":
            break
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in _ABSENCE:
        return "did_not_occur"  # "a lack of communication between"
    if status in {"occurred", "planned"} and _conjoined_modal(node):
        status = "possible"
    return status


def _about_to(token) -> bool:
    """"is about to restore ties": an imminent, planned act."""
    return token.lower_ == "about" and any(c.dep_ == "xcomp" for c in token.children)


def _path_to_clause_root(token):
    """The token, then its heads up to the verb of the reporting clause (not beyond a ccomp)."""
    node = token
    yield node
    for _ in range(6):
        if node.dep_ in {"ccomp", "ROOT", "relcl", "advcl", "parataxis"} or node.head.i == node.i:
            return
        node = node.head
        yield node


def _conjoined_modal(token) -> bool:
    """"preparations for such a meeting are underway and could take place": the modal sits on a conjunct."""
    for node in _path_to_clause_root(token):
        if node.pos_ in {"VERB", "AUX"}:
            for conj in node.conjuncts:
                if any(c.dep_ == "aux" and c.lower_ in _POSSIBLE_AUX for c in conj.children):
                    return True
            return False
    return False


# --- PLOVER's reading of future, conditional and refused acts ------------------------------
_FUTURE_AUX = {"will", "would", "shall", "'ll", "wo", "'d"}
_READY_WORDS = {"ready", "willing", "prepared", "determined"}
_CONDITIONS = {"unless", "if"}
# CONSULT is left out: a planned meeting stays a CONSULT with status "planned", so that the
# ledger can merge it with the meeting once held (the manual would code it AGREE).
_COOPERATION = {"SUPPORT", "COOPERATE", "AID"}
_FORCE = {"ASSAULT", "COERCE", "MOBILIZE"}
_CONCESSIONS = {"AGREE", "CONCEDE", "RETREAT", "CONSULT"} | _COOPERATION


def future_marked(verb) -> bool:
    """"will visit", "would meet", "is ready to contribute": the act is stated as to come."""
    node = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in node.children):
            return True
        if node.dep_ not in {"xcomp", "conj"} or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _READY_WORDS:
            return True
    return False


def conditional(verb) -> bool:
    """"will withdraw ... unless the president agrees": the act hangs on a condition."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
        for c in verb.children
    )


def future_type(event: str, mode: str | None, verb, status: str) -> tuple[str, str | None] | None:
    """The PLOVER type of an act stated as future, conditional or refused, when it differs.

    The manual: cooperative acts (SUPPORT, COOPERATE, AID) in the future tense are
    AGREE; announced retreats are CONCEDE; a forceful act stated as future, or a sanction,
    protest or withdrawal on a condition ("unless"), is a THREATEN (the mode is the threat's
    content), while an announced sanction is the sanction itself; refusing a cooperative act ("will not
    accept") is a REJECT.
    """
    if verb.pos_ != "VERB" or not future_marked(verb):
        return None
    if status == "did_not_occur":
        return ("REJECT", reject_mode(event)) if event in _CONCESSIONS else None
    if event in _FORCE or (conditional(verb) and (event in {"PROTEST", "SANCTION"} or mode == "withdraw")):
        return "THREATEN", threat_mode(event, mode)
    if event in _COOPERATION:
        return "AGREE", None
    if event == "RETREAT":
        return "CONCEDE", None
    return None


def threat_mode(event: str, mode: str | None) -> str | None:
    """THREATEN's mode is the content of the threat (manual, THREATEN modes)."""
    if event in {"ASSAULT", "MOBILIZE"}:
        return "violence"
    if event == "COERCE":
        return {"arrest": "arrest", "seize": "territory", "deport": "expel"}.get(mode or "", "restrict")
    if event == "SANCTION":
        return "expel" if mode == "expel" else "relations"
    if event == "PROTEST":
        return "restrict"
    if event in {"RETREAT", "REJECT"}:
        return "relations"
    return None


def reject_mode(event: str) -> str | None:
    """REJECT (and REQUEST) share modes: what is refused or asked for."""
    return {"CONSULT": "meet", "AGREE": None, "CONCEDE": "yield", "RETREAT": "yield"}.get(event, "assist")
