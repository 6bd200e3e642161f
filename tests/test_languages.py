"""The respondent's language: catalogues, consent, answers, depth and whole interviews in
English, Spanish, German, French and Portuguese (moderator, plain CLI and the terminal app)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Button

from interviewer import i18n
from interviewer.i18n.detect import detect_language
from interviewer.interview import Status, TurnKind
from interviewer.moderator import Moderator
from interviewer.parsing import parse_answer
from interviewer.parsing.intents import Intent, classify, read_consent
from interviewer.store import Store
from interviewer.study import SingleChoice, load_study
from interviewer.tui.screens import ConsentScreen
from tests.support.languages import EXPECTED_VALUES, LANGUAGES, SCRIPTS, study, study_yaml
from tests.support.tui_pilot import SIZE, make_app, settle, type_answer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


SPANISH_STUDY = ROOT / "studies" / "planificacion-comidas.yaml"
INVOICES = ROOT / "studies" / "invoice-approvals.yaml"


# -- catalogues ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", i18n.SUPPORTED)
def test_every_catalogue_has_every_english_key_with_the_same_fields(code: str) -> None:
    english, other = i18n.catalogue("en"), i18n.catalogue(code)
    assert sorted(other) == sorted(english)
    for key in english:
        for text in i18n.variants(code, key):
            assert text.strip(), f"{code}: {key} is empty"
        fields = [i18n.fields_of(t) for t in i18n.variants("en", key)]
        theirs = [i18n.fields_of(t) for t in i18n.variants(code, key)]
        # Rotating wordings may differ one by one; together they use the same fields.
        assert set().union(*fields) == set().union(*theirs), f"{code}: {key}"


def test_an_unsupported_study_language_is_a_located_error(tmp_path: Path) -> None:
    from interviewer.study import StudyFileError, load_study_text

    text = SPANISH_STUDY.read_text().replace("languages: [es, en]", "languages: [es, it]")
    with pytest.raises(StudyFileError, match=r":\d+:\d+: language 'it' has no interview wording"):
        load_study_text(text, "s.yaml")


# -- the exact misfires of issue 10 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agreed"),
    [
        ("sí, de acuerdo", True),
        ("sí", True),
        ("Sí, claro, empecemos", True),
        ("ya veremos", None),
        ("Trabajo en finanzas y uso Excel todos los días", None),  # contains "y" ("and")
        ("y", True),  # alone it is a (terse) yes
        ("no, gracias", False),
        ("ja, gerne", True),
        ("nein danke", False),
        ("oui, d'accord", True),
        ("non merci", False),
        ("sim, claro", True),
        ("não, obrigado", False),
        ("no sé", None),
        ("si me pagan", None),
    ],
)
def test_consent_is_only_a_clear_yes_in_a_known_language(text: str, agreed: bool | None) -> None:
    assert read_consent(text) is agreed


def test_the_moderator_asks_again_explicitly_instead_of_inferring_consent() -> None:
    moderator = Moderator(load_study(SPANISH_STUDY))
    state = moderator.start().state
    for unclear in ("Trabajo en finanzas y uso Excel todos los días", "ya veremos"):
        reply = moderator.respond(state, unclear)
        state = reply.state
        assert reply.kind is TurnKind.CONSENT and state.status is Status.CONSENT
        assert reply.text == i18n.say("es", "consent.clarify")
    reply = moderator.respond(state, "sí, de acuerdo")
    assert reply.state.status is Status.ACTIVE and reply.question_id == "hogar"


def test_sí_cuatro_and_a_spanish_range_parse() -> None:
    spanish = load_study(SPANISH_STUDY)
    household = spanish.question("hogar")
    assert isinstance(household, SingleChoice)
    assert parse_answer(household, "cuatro", "es").value == "3–4"
    assert parse_answer(spanish.question("decide"), "sí", "es").value is True  # type: ignore[arg-type]
    invoices = load_study(INVOICES)
    sizes = next(
        q for q in invoices.questions if isinstance(q, SingleChoice) and "200–2,000" in q.options
    )
    assert parse_answer(sizes, "entre 200 y 2.000", "es").value == "200–2,000"


def test_maybe_around_300_or_so_lands_on_100_to_500() -> None:
    invoices = load_study(INVOICES)
    volume = next(
        q for q in invoices.questions if isinstance(q, SingleChoice) and "100–500" in q.options
    )
    assert parse_answer(volume, "maybe around 300 or so").value == "100–500"
    assert parse_answer(volume, "unos trescientos", "es").value == "100–500"
    # On a shared boundary the respondent is asked, never guessed for.
    assert parse_answer(volume, "500").value is None


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("siebzehn", "de", 17),
        ("cuatro", "es", 4),
        ("quatre", "fr", 4),
        ("quatro", "pt", 4),
        ("vingt-deux", "fr", 22),
    ],
)
def test_number_words_in_every_language(text: str, lang: str, value: int) -> None:
    from interviewer.study import Scale

    scale = Scale(id="n", text="How many?", type="scale", min=0, max=30)
    assert parse_answer(scale, text, lang).value == value


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        ("no sé", "es", Intent.DONT_KNOW),
        ("paso, gracias", "es", Intent.SKIP),
        ("prefiero no decirlo", "es", Intent.REFUSE),
        ("¿qué quieres decir?", "es", Intent.CLARIFY_REQUEST),
        ("quiero parar", "es", Intent.STOP),
        ("keine Ahnung", "de", Intent.DONT_KNOW),
        ("je passe", "fr", Intent.SKIP),
        ("prefiro não responder", "pt", Intent.REFUSE),
        ("para nada me gusta cocinar", "es", Intent.ANSWER),  # "para" inside an answer
    ],
)
def test_intents_are_read_in_the_respondents_language(text: str, lang: str, intent: Intent) -> None:
    assert classify(text, lang) is intent


def test_spanish_open_answers_are_scored_and_probed() -> None:
    moderator = Moderator(load_study(SPANISH_STUDY))
    state = moderator.start().state
    for line in ("sí", "cuatro", "sí"):
        state = moderator.respond(state, line).state
    assert state.current_id == "semana_pasada"
    reply = moderator.respond(state, "Normalmente improviso, está bien.")
    assert reply.kind in (TurnKind.PROBE, TurnKind.REDIRECT)
    assert reply.decision.depth is not None and reply.decision.depth <= 2
    assert reply.text in {
        t.replace("{q}", "") for t in i18n.variants("es", "redirect.generic")
    } or reply.text.startswith("Has dicho «")


# -- detection: a study may allow several languages ------------------------------------------------


def test_detection_only_switches_on_messages_long_enough_to_tell() -> None:
    allowed = ("es", "en")
    assert detect_language("sí", allowed, "es") == "es"
    assert detect_language("ok", allowed, "es") == "es"
    assert detect_language("Last Tuesday I planned every dinner on paper", allowed, "es") == "en"
    assert detect_language("El martes pasado planifiqué todas las cenas", allowed, "en") == "es"
    assert detect_language("anything at all", ("de",), None) == "de"  # one language: no detector


def test_the_moderator_answers_in_the_respondents_language() -> None:
    moderator = Moderator(load_study(SPANISH_STUDY))  # languages: [es, en]
    state = moderator.start().state
    for line in ("yes, happy to", "four of us at home", "yes"):
        reply = moderator.respond(state, line)
        state = reply.state
    assert state.language == "en"
    reply = moderator.respond(state, "I usually just wing it, it's fine.")
    assert reply.kind is TurnKind.REDIRECT
    english = {t.split("“")[0] for t in i18n.variants("en", "redirect.generic")}
    assert any(reply.text.startswith(start.strip()) for start in english), reply.text
    reply = moderator.respond(
        reply.state, "El martes pasado improvisé: tortilla a las diez porque llegué tarde."
    )
    assert reply.state.language == "es"


MEALS = ROOT / "studies" / "weekly-meal-planning.yaml"


@pytest.mark.parametrize(
    ("consent", "household", "decides", "ranking", "lang"),
    [
        ("ja, gerne", "vier", "ja", "zuerst 1, dann 4", "de"),
        ("oui, d'accord", "quatre", "oui", "d'abord 1, puis 4", "fr"),
        ("sim, claro", "quatro", "sim", "primeiro 1, depois 4", "pt"),
    ],
)
def test_short_replies_in_another_allowed_language_are_read_first_time(
    consent: str, household: str, decides: str, ranking: str, lang: str
) -> None:
    # The English study allows five languages; replies of one or two words are too short for
    # the detector, so they are read in whichever allowed language parses them unambiguously.
    moderator = Moderator(load_study(MEALS))
    state = moderator.start().state
    state = moderator.respond(state, consent).state
    for text in (household, decides):
        reply = moderator.respond(state, text)
        assert reply.kind is not TurnKind.CLARIFY, (text, reply.text)
        state = reply.state
    assert state.language == lang
    assert state.answers["household"].value == "3–4"
    assert state.answers["decides"].value is True
    question = next(q for q in moderator.study.questions if q.id == "time_sinks")
    assert parse_answer(question, ranking, lang).value == [  # type: ignore[arg-type]
        "Choosing what to cook",
        "Shopping or ordering",
    ]


# -- whole interviews in each language ------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_whole_interview_in_each_language(code: str) -> None:
    moderator = Moderator(study(code))
    opening = moderator.start()
    assert opening.text.endswith(i18n.say(code, "consent.question"))
    state = opening.state
    kinds = []
    for line in SCRIPTS[code]:
        reply = moderator.respond(state, line)
        kinds.append(reply.kind)
        state = reply.state
    assert state.status is Status.COMPLETED
    assert TurnKind.REDIRECT in kinds  # the generic habit was turned to a concrete time
    assert TurnKind.CLARIFY not in kinds  # every closed answer was read the first time
    assert {k: v.value for k, v in state.answers.items() if k != "story"} == EXPECTED_VALUES[code]


def _run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        cwd=ROOT,
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_whole_interview_in_each_language_in_the_plain_cli(code: str, tmp_path: Path) -> None:
    path = tmp_path / f"dinners-{code}.yaml"
    path.write_text(study_yaml(code), encoding="utf-8")
    db = tmp_path / "chat.db"
    result = _run_cli(
        "chat", str(path), "--plain", "--db", str(db), stdin="\n".join(SCRIPTS[code]) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert i18n.say(code, "consent.question") in result.stdout
    assert study(code).outro in result.stdout
    assert "completed)" in result.stdout.splitlines()[-1]
    [session] = Store(f"sqlite:///{db}").list_sessions(f"dinners-{code}")
    assert session.status == "completed"


@pytest.mark.parametrize("code", LANGUAGES)
async def test_a_whole_interview_in_each_language_in_the_terminal_app(
    code: str, store: Store
) -> None:
    app = make_app(store, study(code))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
        agree_button = app.screen.query_one("#agree", Button)
        assert str(agree_button.label) == i18n.say(code, "tui.consent_yes")
        await pilot.press("y")
        await settle(pilot)
        hints: set[str] = set()
        for line in SCRIPTS[code][1:]:
            hints.update(str(h.render()) for h in app.screen.query(".control-hint"))
            await pilot.press("escape")  # from the question's control to the text box
            await type_answer(pilot, line)
        # Every control's keyboard help is in the respondent's language too.
        keys = ("keys_single", "keys_yes_no", "keys_scale_digits", "keys_multiple", "keys_ranking")
        for key in keys:
            assert any(h.startswith(i18n.say(code, f"tui.{key}")) for h in hints), (key, hints)
        assert app.conversation is not None
        state = app.conversation.state
        assert state.status is Status.COMPLETED
        values = {k: v.value for k, v in state.answers.items() if k != "story"}
        assert values == EXPECTED_VALUES[code]
