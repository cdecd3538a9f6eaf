"""MUC-4 role-filler entity extraction (muc4_ree.jsonl), scored by CEAF-REE (strict).

Roles are read from the incident export over every incident listing the document:
PerpInd = perpetrators of kind individual, PerpOrg = perpetrators of kind group,
Target = targets of kind property, Victim = targets of kind people, Weapon = weapons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tocsin.evaluate.gold import REE_ROLES, GoldRecord
from tocsin.evaluate.matching import count_matches, entity_text, ree_normalise
from tocsin.evaluate.result import DocError, Measure, Scores, prf_measures

# The MUC-4 test messages among the dev documents (the target is set on them).
_TST = re.compile(r"TST[12]")


def is_tst(doc_id: str) -> bool:
    """Whether a MUC-4 document id names a TST1 or TST2 message."""
    return bool(_TST.search(doc_id))


def _role_of(field: str, value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else None
    if field == "perpetrators":
        # The export's default perpetrator kind is a group (models.Perpetrator).
        return "PerpInd" if kind == "individual" else "PerpOrg"
    if field == "targets":
        return "Target" if kind == "property" else "Victim"
    return "Weapon"


def predicted_roles(incidents: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Return {role: distinct normalised fillers} read from a document's exported incidents."""
    roles: dict[str, list[str]] = {role: [] for role in REE_ROLES}
    for row in incidents:
        for field in ("perpetrators", "targets", "weapons"):
            for value in row.get(field) or []:
                text = entity_text(value)
                role = _role_of(field, value)
                if text is None or role is None:
                    continue
                norm = ree_normalise(text)
                if norm and norm not in roles[role]:
                    roles[role].append(norm)
    return roles


def role_counts(gold: Sequence[Sequence[str]], pred: Sequence[str]) -> tuple[int, int, int]:
    """Return (matched, predicted, gold); a filler matches an entity that has it as a mention."""
    entities = [{ree_normalise(m) for m in entity} for entity in gold]
    return count_matches(pred, entities, lambda p, e: p in e), len(pred), len(entities)


def score_ree(records: Sequence[GoldRecord], incidents: Sequence[dict[str, Any]]) -> Scores:
    """Score role fillers on all documents (`ree.*`) and on TST1/TST2 ones (`ree_tst.*`)."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in incidents:
        for article in row.get("articles") or []:
            by_article.setdefault(article, []).append(row)
    totals = {scope: {role: [0, 0, 0] for role in REE_ROLES} for scope in ("ree", "ree_tst")}
    errors: list[DocError] = []
    tst_docs = 0
    for record in records:
        if record.ree is None:
            continue
        scopes = ["ree"]
        if is_tst(record.id):
            scopes.append("ree_tst")
            tst_docs += 1
        pred = predicted_roles(by_article.get(record.id, []))
        problems: list[str] = []
        cost = 0.0
        for role in REE_ROLES:
            gold = record.ree.get(role, [])
            counts = role_counts(gold, pred[role])
            for scope in scopes:
                for i, v in enumerate(counts):
                    totals[scope][role][i] += v
            tp, n_pred, n_gold = counts
            if tp < n_pred or tp < n_gold:
                cost += (n_pred - tp) + (n_gold - tp)
                problems.append(f"{role}: gold {gold!r}, predicted {pred[role]!r}")
        errors.append(
            DocError(id=record.id, cost=cost, problems=problems, gold=record.ree, prediction=pred)
        )
    measures: list[Measure] = []
    for scope in ("ree", "ree_tst"):
        if scope == "ree_tst" and not tst_docs:
            continue
        by_role = totals[scope]
        micro = [sum(by_role[r][i] for r in REE_ROLES) for i in range(3)]
        measures += prf_measures(scope, *micro)
        for role in REE_ROLES:
            measures += prf_measures(f"{scope}.{role}", *by_role[role])[2:]
    return Scores(measures=measures, errors=errors)
