"""Theme names and quotes on spoken text: the interviewer's words are not the respondents',
a clause is not a name, a verb is not a topic, and a transcriber's mask is not a quote."""

from __future__ import annotations

from interviewer.synthesis.offline.labels import Labeller
from interviewer.synthesis.offline.lexicon import reads_cleanly, transcribed_cleanly
from interviewer.synthesis.offline.sentiment import sentiment_of

OTHER = [
    "We export the charts to a slide deck every week.",
    "The dashboard loads slowly on Mondays.",
    "I keep a spreadsheet of every model we ship.",
    "Our team reviews the spreadsheet on Fridays.",
] * 3


def test_a_phrase_echoed_from_the_question_does_not_name_the_theme() -> None:
    asked = "Were there any tasks you were unable to perform?"
    group = [
        "None that I was unable to perform, but the outliers slowed me down.",
        "Nothing I was unable to perform; the outliers were the hard part.",
        "I was unable to perform the comparison because of the outliers.",
    ]
    texts = group + OTHER
    labeller = Labeller(
        texts,
        "en",
        speakers=["a", "b", "c"] + ["d"] * len(OTHER),
        asked=[asked] * 3 + [""] * len(OTHER),
    )
    [name] = labeller.labels([[0, 1, 2]])
    assert "unable" not in name.lower() and "perform" not in name.lower()
    assert name == "Outliers"
    # Without the question, the echoed phrase would have won.
    [unaware] = Labeller(texts, "en", speakers=["a", "b", "c"] + ["d"] * len(OTHER)).labels(
        [[0, 1, 2]]
    )
    assert "perform" in unaware.lower()


def test_a_verb_before_an_article_is_a_clause_not_a_name() -> None:
    group = [
        "The tree produces the split on income first.",
        "Each tree produces the split we expected.",
        "It produces the split at the rest of the clusters.",
    ]
    labeller = Labeller(group + OTHER, "en", speakers=["a", "b", "c"] + ["d"] * len(OTHER))
    ranked = labeller.ranked([0, 1, 2])
    assert not any("the split" in phrase and "produce" in phrase for phrase in ranked)
    assert "rest of the cluster" in labeller.phrases_of(2)  # an article after "of" is fine


def test_a_single_word_names_a_theme_only_when_used_as_a_noun() -> None:
    group = [
        "I had to calculate it by hand, then calculate it again.",
        "We calculate residuals and look at the filter results.",
        "You calculate the average and apply a filter to it.",
    ]
    labeller = Labeller(group + OTHER, "en", speakers=["a", "b", "c"] + ["d"] * len(OTHER))
    ranked = labeller.ranked([0, 1, 2])
    assert "calculate" not in ranked
    assert "filter" in ranked


def test_masked_and_marked_sentences_are_not_quotable() -> None:
    assert not transcribed_cleanly("where does the business need to XXX XXXXXXXXXX XXXX")
    assert not transcribed_cleanly("I got stuck (unintelligible) with the outliers.")
    assert not transcribed_cleanly("..,mean squared error, and so we go.")
    assert not reads_cleanly("..,mean squared error, and so we go.", "en")
    assert transcribed_cleanly("“Quoted” words open this sentence.")


def test_turn_taking_openers_are_not_praise() -> None:
    said = "Okay, now I can see that the change in relationship is exaggerated."
    assert sentiment_of(said, "en") == "neutral"
    assert sentiment_of("Yeah.", "en") == "neutral"
    assert sentiment_of("Yes, that was great.", "en") == "positive"
    assert sentiment_of("this is like a bummer that I have to do this", "en") == "negative"
