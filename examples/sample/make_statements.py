#!/usr/bin/env python3
"""Writes examples/sample/statements.jsonl: hand-made statements about the bundled corpus
(examples/corpus/), in the JSON Lines interchange format, with evidence offsets computed from
the article texts (character offsets, as Python slices them). Run it after editing either.

    python3 examples/sample/make_statements.py > examples/sample/statements.jsonl
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"

DOCS = {
    "001_harbourpost": ("harbourpost.example", "2025-03-14"),
    "002_eastwire": ("eastwire.example", "2025-03-14"),
    "003_dailyledger": ("dailyledger.example", "2025-03-15"),
    "004_harbourpost": ("harbourpost.example", "2025-03-16"),
}

NODES = {
    "marsh": ("e:1", "Lena Marsh", "PERSON"),
    "volkov": ("e:2", "Dmitri Volkov", "PERSON"),
    "orlik": ("e:3", "Pavel Orlik", "PERSON"),
    "brill": ("e:4", "Ana Brill", "PERSON"),
    "alliance": ("e:5", "Northern Alliance", "ORG"),
    "arden": ("e:6", "Arden", "LOCATION"),
    "velt": ("e:7", "Velt airport", "LOCATION"),
    "kessa": ("e:8", "Kessa", "LOCATION"),
    "brena": ("e:9", "Brena", "LOCATION"),
    "strike": ("e:10", "Kessa drone strike", "EVENT"),
    "ems": ("e:11", "Kessa emergency service", "ORG"),
    "deal": ("e:12", "grain corridor deal", "OTHER"),
    "terminal": ("e:13", "main ferry terminal", "LOCATION"),
    "corridor": ("e:14", "grain corridor", "OTHER"),
    "people": ("c:1", "people", "QUANTITY"),
}


def node(key, *aliases, claim=None):
    if claim is not None:
        return {"id": "c:" + str(abs(hash_claim(claim))), "name": claim, "type": "CLAIM",
                "aliases": []}
    nid, name, typ = NODES[key]
    return {"id": nid, "name": name, "type": typ, "aliases": sorted(set(aliases))}


def hash_claim(text):
    # A stable small number from the claim text (Python's hash() is salted per run).
    h = 0
    for ch in text:
        h = (h * 131 + ord(ch)) % 1_000_003
    return 100 + h


def ref(key):
    nid, name, _ = NODES[key]
    return {"id": nid, "name": name}


def statement(doc, sentence_start, subject, lemma, text, obj, confidence, rule, **qual):
    path = CORPUS / (doc + ".txt")
    article = path.read_text(encoding="utf-8")
    begin = article.find(sentence_start)
    assert begin >= 0, (doc, sentence_start)
    end = article.find("\n", begin)
    end = len(article) if end < 0 else end
    source, published = DOCS[doc]
    q = {"time": qual.get("time"), "location": ref(qual["location"]) if "location" in qual else None,
         "quantity": qual.get("quantity"), "negated": qual.get("negated", False),
         "modality": qual.get("modality"),
         "attributed_to": ref(qual["attributed_to"]) if "attributed_to" in qual else None}
    return {"subject": subject, "predicate": {"lemma": lemma, "text": text}, "object": obj,
            "qualifiers": q, "confidence": confidence,
            "evidence": [{"doc": doc, "source": source, "published": published,
                          "path": "examples/corpus/" + doc + ".txt",
                          "sentence": article[begin:end], "begin": begin, "end": end,
                          "rule": rule, "version": "sample-1"}]}


def main():
    d1, d2, d3, d4 = DOCS
    out = [
        statement(d1, "Lena Marsh, the special", node("marsh", "Lena Marsh"), "land", "landed",
                  node("velt", "Velt airport"), 0.86, "svo/obl", time="2025-03-13"),
        statement(d1, "Lena Marsh, the special", node("marsh", "Lena Marsh"), "envoy of",
                  "the special envoy of", node("alliance", "Northern Alliance"), 0.9,
                  "appos/role"),
        statement(d1, "Marsh met President", node("marsh", "Marsh"), "meet", "met",
                  node("volkov", "President Dmitri Volkov"), 0.88, "svo", time="2025-03-13",
                  location="arden"),
        statement(d1, "Volkov's spokesman", node("orlik", "Pavel Orlik"), "spokesman of",
                  "spokesman", node("volkov", "Volkov"), 0.9, "poss/role"),
        statement(d1, "Volkov's spokesman", node("orlik", "Pavel Orlik"), "say", "said",
                  node(None, claim="the president was ready to reopen the corridor within a month"),
                  0.84, "say/ccomp", time="2025-03-13"),
        statement(d1, "Volkov's spokesman", node("volkov", "the president"), "be ready to reopen",
                  "was ready to reopen", node("corridor", "the corridor"), 0.7, "say/inner",
                  attributed_to="orlik"),
        statement(d1, "The talks came a day", node("strike", "a drone strike"), "kill", "killed",
                  node("people"), 0.8, "svo/quantity", time="2025-03-12",
                  quantity={"value": 9, "comparator": "=", "unit": "people"},
                  attributed_to="brill"),
        statement(d1, "The talks came a day", node("strike", "a drone strike"), "wound", "wounded",
                  node("people"), 0.78, "svo/quantity", time="2025-03-12",
                  quantity={"value": 40, "comparator": ">", "unit": "people"},
                  attributed_to="brill"),
        statement(d1, "The talks came a day", node("strike", "a drone strike"), "hit", "strike on",
                  node("kessa", "Kessa"), 0.75, "noun/event", time="2025-03-12"),
        statement(d1, "Marsh first met", node("marsh", "Marsh"), "meet", "met",
                  node("volkov", "Volkov"), 0.85, "svo", time="2025-02-02", location="brena"),
        statement(d2, "EASTWIRE, Arden", node("marsh", "Lena Marsh"), "meet", "met",
                  node("volkov", "Dmitri Volkov"), 0.87, "svo", time="2025-03-13",
                  location="arden"),
        statement(d2, "EASTWIRE, Arden", node("marsh", "Lena Marsh"), "envoy of", "envoy",
                  node("alliance", "Northern Alliance"), 0.85, "compound/role"),
        statement(d2, "\"We are ready", node("volkov", "Mr Volkov"), "say", "told reporters",
                  node(None, claim="We are ready to reopen the corridor"), 0.9, "quote",
                  time="2025-03-13"),
        statement(d2, "\"We are ready", node("volkov", "Mr Volkov"), "be ready to reopen",
                  "are ready to reopen", node("corridor", "the corridor"), 0.72, "quote/inner",
                  attributed_to="volkov"),
        statement(d2, "The strike on Kessa", node("strike", "The strike on Kessa"), "kill",
                  "killed", node("people"), 0.8, "svo/quantity", time="2025-03-12",
                  quantity={"value": 12, "comparator": ">=", "unit": "people"},
                  attributed_to="ems"),
        statement(d2, "The strike on Kessa", node("strike", "The strike on Kessa"), "hit",
                  "strike on", node("kessa", "Kessa"), 0.75, "noun/event", time="2025-03-12"),
        statement(d2, "Governor Ana Brill", node("brill", "Governor Ana Brill"), "say", "said",
                  node(None, claim="rescuers were still searching the rubble"), 0.82, "say/ccomp"),
        statement(d3, "President Dmitrij Wolkow", node("volkov", "President Dmitrij Wolkow"),
                  "meet", "received", node("marsh", "Lena Marsh"), 0.8, "svo/receive",
                  time="2025-03-13", location="arden"),
        statement(d3, "Wolkow's spokesman", node("orlik", "Pawel Orlik"), "spokesman of",
                  "spokesman", node("volkov", "Wolkow"), 0.88, "poss/role"),
        statement(d3, "Wolkow's spokesman", node("orlik", "Pawel Orlik"), "say", "said",
                  node(None, claim="Arden was ready to open the corridor again"), 0.8,
                  "say/ccomp"),
        statement(d3, "In Kessa the attack", node("strike", "the attack"), "kill", "killed",
                  node("people"), 0.74, "svo/quantity", time="2025-03-12",
                  quantity={"value": 12, "comparator": "=", "unit": "people"},
                  attributed_to="brill"),
        statement(d4, "Governor Ana Brill said", node("brill", "Governor Ana Brill"), "say",
                  "said", node(None, claim="Arden and the Alliance had not signed a deal on the "
                                           "grain corridor"), 0.83, "say/ccomp",
                  time="2025-03-15"),
        statement(d4, "Governor Ana Brill said", node("arden", "Arden"), "sign", "had not signed",
                  node("deal", "a deal on the grain corridor"), 0.7, "say/inner",
                  negated=True, attributed_to="brill"),
        statement(d4, "Governor Ana Brill said", node("alliance", "the Alliance"), "sign",
                  "had not signed", node("deal", "a deal on the grain corridor"), 0.7,
                  "say/inner/conj", negated=True, attributed_to="brill"),
        statement(d4, "Brill said the strike", node("strike", "the strike on Kessa"), "destroy",
                  "had destroyed", node("terminal", "the main ferry terminal"), 0.76,
                  "say/inner", attributed_to="brill"),
    ]
    for st in out:
        print(json.dumps(st, ensure_ascii=False))


if __name__ == "__main__":
    main()
