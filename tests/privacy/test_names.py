"""The name detector's pieces (kit.privacy.names) against plain versions of them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kit.privacy import names

_WORDS = ["heet", "heette", "heten", "genaamd", "noemt zich", "noem haar", "naam:", "naam is",
          "bijnaam", "alias", "aka", "onder de naam", "eigenlijk", "echt", "Het is heet", "te",
          "heetje", "Ionel", "Anna", "roos", "Dam", "Wit", "Popescu", "van", "de", "der", "el",
          "O'Neil", "d'Souza", "El-Amrani", "ANNA", "jan", "Onvoldoende", "water", "12",
          "ab3", "fatima", "x@y", "#tag", "www.x.nl/y"]
_GLUE = [" ", "  ", "\n", " \n ", ". ", ", ", ": ", " '", "'", "\"", "-", "", "\t", "(", ") ",
         "« ", "‘"]


@st.composite
def _texts(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
    glue = draw(st.lists(st.sampled_from(_GLUE), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, glue, strict=True))


def _reference_cued(text: str, lex) -> list[tuple[int, int, str]]:
    """``names._cued`` as first written: every word of the text read, then walked."""
    tokens = [(m.start(), m.end(), m.group()) for m in names._TOKEN.finditer(text)]
    starts = {start: i for i, (start, _e, _t) in enumerate(tokens)}
    found = []
    for match in names._CUE.finditer(text):
        strong = not match.group(1).lower().startswith("he")
        if not strong and names._HOT.search(text, max(0, match.start() - 40), match.start()):
            continue
        index = starts.get(match.end())
        field = match.group(1).lower().startswith("naam") and \
            not text[text.rfind("\n", 0, match.start()) + 1:match.start()].strip(" -*\t")
        if field and index is not None and not (
                tokens[index][2].casefold() in lex.names or names.fold(tokens[index][2]) in lex.names):
            continue
        taken = 0
        while index is not None and index < len(tokens) and taken < 3:
            token = tokens[index][2]
            folded = token.casefold()
            shape = names._shape(token)
            if folded in names._PARTICLES and taken:
                index += 1
                continue
            listed = folded in lex.names or names.fold(token) in lex.names
            if folded in lex.blocked and not (shape != "lower" and folded not in lex.words):
                break
            if folded in lex.vocabulary and not listed:
                break
            if not (shape in {"title", "upper"} or listed or taken == 0):
                break
            found.append(tokens[index])
            taken += 1
            nxt = index + 1
            if nxt >= len(tokens) or not names._SPACE_BETWEEN.fullmatch(text, tokens[index][1],
                                                                         tokens[nxt][0]):
                break
            index = nxt
    return found


@settings(max_examples=500, deadline=None)
@given(_texts())
@example("Ze heet'Anna de Wit")  # a word that runs on past the cue: no name starts there
@example("Hij noemt zich Ionel van de\nvan 12 Dam")  # particles, then a word further on
def test_words_after_a_cue_are_those_of_the_whole_text(text):
    """Read from the cue on, the words after each cue are those of the whole text read."""
    lex = names.lexicon()
    assert names._cued(text, lex) == _reference_cued(text, lex)
