"""One command-line vocabulary: every subcommand's --help is Dutch, one output flag, one course
flag, Dutch names beside English ones, argparse left alone outside ``main()``, exit codes."""

from __future__ import annotations

import argparse
import re

import pytest

from kit.cli import build_parser, main
from kit.cliargs import DEPRECATED_FLAGS, DUTCH_COMMANDS, DUTCH_NATIVE_COMMANDS, dutch_messages

ENGLISH = ("usage:", "show this help", "show program", "options:", "positional arguments",
           "optional arguments", " and exit", "default:", "error:")


def _commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    found = []

    def walk(parser, path):
        found.append((path, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                names = {}
                for name, sub in action._name_parser_map.items():
                    names.setdefault(id(sub), (name, sub))  # the first name is the English one
                for name, sub in names.values():
                    walk(sub, [*path, name])

    with dutch_messages():
        walk(build_parser(), [])
    return found


COMMANDS = _commands()


def test_the_walk_reaches_every_area():
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert len(COMMANDS) > 40
    assert {"privacy scan", "grade autograde", "evaluate audit", "hub prepare"} <= paths


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "iids")
def test_help_is_dutch_and_speaks_one_vocabulary(path, capsys):
    assert main([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("gebruik: iids")
    for english in ENGLISH:
        assert english not in text, f"{' '.join(path)} --help: {english!r}"
    for old in DEPRECATED_FLAGS:
        assert not re.search(rf"(?<![\w-]){re.escape(old)}(?![\w-])", text), old


@pytest.mark.parametrize("path,parser", COMMANDS, ids=lambda p: " ".join(p) if isinstance(p, list) else "")
def test_one_output_flag_and_one_course_flag(path, parser):
    for action in parser._actions:
        flags = set(action.option_strings)
        if "-o" in flags or action.dest == "uitvoer":
            assert flags - set(DEPRECATED_FLAGS) == {"-o", "--uitvoer"}, (path, flags)
            assert action.dest == "uitvoer"
        if action.option_strings and action.dest in {"cursus", "course", "course_dir"}:
            assert flags - set(DEPRECATED_FLAGS) == {"--cursus"}, (path, flags)
        assert not any("course" in f or f in {"--out", "--output", "--uit"}
                       for f in flags - set(DEPRECATED_FLAGS)), (path, flags)


def test_every_subcommand_has_a_dutch_name():
    for path, parser in COMMANDS:
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            for name in {n for n in action.choices if n not in DUTCH_COMMANDS.values()}:
                assert name in DUTCH_NATIVE_COMMANDS or (
                    DUTCH_COMMANDS.get(name) in action.choices), (path, name)


def test_dutch_names_run_the_same_command(tmp_path, capsys):
    assert main(["narratieven", "controleer", str(tmp_path / "weg.csv")]) == 2
    assert "weg.csv" in capsys.readouterr().err


def test_old_spellings_still_work_with_a_notice(capsys):
    with dutch_messages():
        parser = build_parser()
        for old in ("--out", "--output", "--uit"):
            assert parser.parse_args(["analysis", "keyness", "t.csv", old, "k.csv"]).uitvoer == "k.csv"
            assert f"let op: '{old}' heet nu '--uitvoer' (of '-o')" in capsys.readouterr().err
        args = parser.parse_args(["hub", "doctor", "--course-dir", "c", "--course", "x"])
    assert (args.cursus, args.cursus_id) == ("c", "x")
    capsys.readouterr()
    assert main(["demo", "--out"]) == 2  # still a flag that needs a value, named by its new name
    assert capsys.readouterr().err.startswith("iids demo: fout: argument -o/--uitvoer: verwacht één")


def test_argparse_speaks_english_outside_main(capsys):
    import kit.cli  # noqa: F401 - importing must not change argparse

    assert argparse._("options") == "options"
    main(["--version"])
    assert argparse._("usage: ") == "usage: "
    assert capsys.readouterr().out == "iids 0.1.0\n"


def test_a_wrong_number_is_a_dutch_usage_error(capsys):
    assert main(["grade", "autograde", "opdracht", "--workers", "twee"]) == 2
    err = capsys.readouterr().err
    assert "ongeldige waarde 'twee' (verwacht: een geheel getal)" in err and err.count("\n") == 1


@pytest.mark.parametrize("given", ["README.md", "/nonexistent.csv", "/nonexistent"])
def test_narratives_validate_names_what_was_given(given, capsys):
    assert main(["narratives", "validate", given]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"iids: fout: {given}: ") and err.count("\n") == 1
    assert "kader.yaml" not in err and "interne fout" not in err


def test_a_refused_path_is_bad_input_not_an_internal_fault(tmp_path, capsys):
    plain = tmp_path / "gewoon-bestand"
    plain.write_text("x", encoding="utf-8")
    code = main(["analysis", "codebook-validate", str(plain / "codeboek.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and err == f"iids: fout: {plain}: dit is een bestand, geen map\n"


def _optional_action(parser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) and not a.required for a in parser._actions)


@pytest.mark.parametrize("path", [p for p, parser in COMMANDS if p and _optional_action(parser)
                                  and p[0] != "evaluate"], ids=" ".join)
def test_a_command_without_its_action_prints_its_help(path, capsys):
    assert main(path) == 0
    assert capsys.readouterr().out.startswith(f"gebruik: iids {' '.join(path)} [-h]")
