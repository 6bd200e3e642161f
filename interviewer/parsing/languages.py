"""Words respondents answer with, per language: consent, yes/no, hedges, list words, numbers.

The English tables stay where they always were (``intents``, ``yes_no``, ``mentions``,
``ranking``); this module adds Spanish, German, French and Portuguese. Entries are
comma-separated phrases, normalised like respondent text (``text.normalize``), so accents are
written as people type them *with* accents — and, where people often drop them, without
("si", "nao", "tambien").

Numbers: number words are turned into digits with ``text2num`` (``alpha2digit``), which knows
each language's grammar ("doscientos", "siebenundzwanzig", "quatre-vingt-dix", "vinte e
três"), and thousands separators are read per language ("2.000" is two thousand in Spanish,
German and Portuguese, "2,000" in English, "2 000" in French).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interviewer.parsing.text import listing, normalize, tokenize, word_set

READING_LANGUAGES = ("en", "es", "de", "fr", "pt")


@dataclass(frozen=True)
class ConsentWords:
    """How a language says yes, no and "not yet" to taking part."""

    yes: str
    no: str
    unsure: str
    """Hedges, conditions and questions: a consent that contains one is not a clear yes."""
    whole_yes: str = ""
    """Yes only as the whole message (too short or ambiguous inside a sentence: "y", "ya")."""
    filler: str = ""
    """Words that may surround a yes without making it less clear ("to take part", "please")."""


CONSENT: dict[str, ConsentWords] = {
    "en": ConsentWords(
        yes="""yes, yeah, yep, yup, yea, sure, ok, okay, alright, all right, agreed, i agree,
        agree, i consent, consent, i accept, accept, go ahead, go for it, let us go, let us do it,
        let us do this, let us start, let us begin, start, begin, proceed, continue, ready,
        i am ready, sounds good, sounds fine, that is fine, fine, fine by me, fine with me,
        of course, absolutely, definitely, certainly, yes please, happy to, happy to help,
        count me in, no problem, not a problem, no worries, why not, sure why not, i do,
        i do not mind, do not mind, i am in, i am okay with that, i am ok with that,
        i am fine with that, that works, works for me, cool, great, perfect, good, yes i agree,
        i am happy to, fire away, shoot, i guess so, i am good with that, i am happy to continue,
        go on""",
        whole_yes="y, ya, k, kk",
        no="""no, nope, nah, n, no thanks, no thank you, not really, i do not agree, i disagree,
        disagree, do not agree, i do not consent, i do not accept, i decline, decline, i refuse,
        refuse, not interested, i am not interested, stop, quit, exit, cancel, never mind,
        nevermind, i would rather not, rather not, not now, maybe later, no way, not ok,
        not okay, i am not ok with that, i am not okay with that, i am not comfortable,
        i do not want to, absolutely not, definitely not, of course not, not at all,
        leave me alone, go away, i do not want to do this, i do not want to participate,
        i will pass, pass, i do not want to continue, do not continue,
        i would rather not continue""",
        unsure="""maybe, not sure, i am not sure, perhaps, i guess, depends, it depends, hmm,
        but, if, unless, as long as, provided, only if, wait, hold on, first, what, why, how,
        who, which, when, later, i do not know, let me think, on condition""",
        filler="""i am we would be to take part in this the interview study survey participate
        that it is so well um uh please thanks thank you happy glad with your research help
        questions answer answering me let us""",
    ),
    "es": ConsentWords(
        yes="""sí, si, claro, claro que sí, claro que si, vale, de acuerdo, estoy de acuerdo,
        acepto, sí acepto, adelante, por supuesto, perfecto, bueno, genial, empecemos,
        empezamos, podemos empezar, dale, venga, ok, okey, vale vale, sin problema,
        ningún problema, ningun problema, con gusto, encantado, encantada, cómo no, como no,
        listo, lista, por qué no, porque no, me parece bien, está bien, esta bien, de una,
        por mí bien, por mi bien, sí claro, sí quiero, quiero participar, participo, va,
        okay, obvio, seguro, desde luego, sin duda, vamos""",
        whole_yes="s, sip, sep, ajá, aja",
        no="""no, no gracias, no acepto, no quiero, no quiero participar, prefiero no,
        mejor no, para nada, de ninguna manera, ni hablar, no estoy de acuerdo, paso, nop,
        no me interesa, déjame, dejame""",
        unsure="""quizás, quizá, quizas, tal vez, a lo mejor, no sé, no se, no estoy seguro,
        no estoy segura, depende, pero, si me, si es, si no, si me pagan, solo si, sólo si,
        siempre que, con tal de que, ya veremos, veremos, ya se verá, espera, un momento,
        más tarde, mas tarde, luego, después, despues, primero, cuánto, qué, por qué, cómo,
        quién, cuándo, cuál, a ver, puede ser, no lo sé""",
        filler="""yo me parece quiero participar en la entrevista estudio encuesta responder
        las preguntas gracias por favor claro cuando quieras con mucho gusto te ayudo ayudar
        tu investigación pues hola""",
    ),
    "de": ConsentWords(
        yes="""ja, jap, jo, jawohl, klar, na klar, sicher, gerne, gern, ja gerne, ja gern,
        einverstanden, ich bin einverstanden, okay, ok, in ordnung, passt, geht klar, los geht,
        los, auf jeden fall, natürlich, naturlich, selbstverständlich, ich stimme zu,
        stimme zu, warum nicht, kein problem, klingt gut, alles klar, machen wir, fangen wir an,
        von mir aus, ja klar, ja bitte, ja sicher, genau, mache ich, mach ich, bin dabei,
        ich bin dabei""",
        whole_yes="j",
        no="""nein, nee, nö, no, nein danke, lieber nicht, kein interesse, ich möchte nicht,
        ich will nicht, will nicht, möchte nicht, auf keinen fall, ich stimme nicht zu,
        nicht einverstanden, ich bin nicht einverstanden, keine lust, abbrechen""",
        unsure="""vielleicht, weiß nicht, weiss nicht, ich weiß nicht, ich weiss nicht,
        mal sehen, mal schauen, kommt darauf an, kommt drauf an, aber, wenn, falls, nur wenn,
        später, moment, warte, wie lange, was, warum, wer, wozu, wieso, unter der bedingung,
        eventuell, mal gucken, je nachdem""",
        filler="""ich bin gerne dabei teilnehmen mitmachen am an dem interview der studie
        umfrage die fragen beantworten danke bitte helfen zu hallo also""",
    ),
    "fr": ConsentWords(
        yes="""oui, ouais, ouaip, bien sûr, bien sur, d'accord, ok, okay, dac, je suis d'accord,
        j'accepte, avec plaisir, volontiers, pas de problème, pas de probleme, pas de souci,
        aucun problème, allons-y, allons y, c'est parti, carrément, évidemment, absolument,
        tout à fait, vas-y, vas y, allez, ça marche, ca marche, ça me va, ca me va,
        pourquoi pas, oui bien sûr, je veux bien, je participe, entendu, parfait, super,
        oui oui, bien entendu, ok pour moi, c'est bon, ça roule""",
        whole_yes="o, ouai",
        no="""non, non merci, pas question, je refuse, je ne veux pas, pas intéressé,
        pas intéressée, pas d'accord, je ne suis pas d'accord, hors de question, sans façon,
        certainement pas, pas du tout, non plus, jamais, je préfère pas, je préfère ne pas,
        plutôt pas""",
        unsure="""peut-être, peut être, je ne sais pas, je sais pas, sais pas, chais pas,
        pas sûr, pas sûre, pas sur, ça dépend, ca depend, mais, si c'est, si on, si tu,
        si vous, si je, s'il, si ça, seulement si, même si, à condition, plus tard, attends,
        on verra, qu'est-ce que, pourquoi, combien, comment, quand, qui, quoi, euh, bof""",
        filler="""je j'ai veux bien participer à l'entretien entretien étude enquête
        répondre aux questions merci s'il te plaît vous plaît t'aider aider ta recherche
        alors bonjour le la""",
    ),
    "pt": ConsentWords(
        yes="""sim, claro, claro que sim, com certeza, certo, concordo, eu concordo, aceito,
        eu aceito, pode, pode sim, pode começar, pode comecar, vamos, vamos lá, vamos la, bora,
        beleza, tá bom, ta bom, está bem, esta bem, tudo bem, tudo certo, ok, okay, ótimo,
        otimo, perfeito, sem problema, sem problemas, de acordo, estou de acordo, por que não,
        porque não, porque nao, por que nao, com prazer, quero participar, topo, fechado,
        isso, sim claro, sim aceito, óbvio, obvio, legal""",
        whole_yes="s, aham, uhum, sim sim",
        no="""não, nao, não obrigado, não obrigada, nao obrigado, não quero, nao quero,
        não aceito, nao aceito, prefiro não, prefiro nao, de jeito nenhum, nem pensar,
        não concordo, nao concordo, melhor não, melhor nao, tô fora, to fora, passo""",
        unsure="""talvez, não sei, nao sei, depende, mas, só se, so se, se for, se eu, se não,
        se nao, desde que, contanto que, mais tarde, depois, espera, um momento, quanto tempo,
        o que, por que, porque, como, quem, quando, vamos ver, veremos, pode ser, sei lá,
        sei la, não tenho certeza, nao tenho certeza""",
        filler="""eu quero gostaria de participar da na entrevista pesquisa estudo responder
        as perguntas obrigado obrigada por favor ajudar com sua olá ola então""",
    ),
}


@dataclass(frozen=True)
class YesNoWords:
    """How a language answers a yes/no question (see ``yes_no.py`` for the tiers)."""

    yes: str
    no: str
    statement_yes: str
    statement_no: str
    hedges: str
    neutral: str = ""
    whole_yes: str = ""
    whole_no: str = ""


YES_NO: dict[str, YesNoWords] = {
    "es": YesNoWords(
        yes="""sí, si, claro, claro que sí, claro que si, por supuesto, desde luego, sin duda,
        seguro, exacto, correcto, efectivamente, así es, asi es, totalmente, obvio, sí claro,
        creo que sí, creo que si, supongo que sí, probablemente, probablemente sí, siempre,
        sí señor, pues sí, eso es, afirmativo, cierto, sip""",
        no="""no, nop, para nada, en absoluto, de ninguna manera, claro que no, creo que no,
        supongo que no, probablemente no, nunca, jamás, jamas, todavía no, todavia no,
        aún no, aun no, ya no, ninguno, ninguna, nada, no realmente, la verdad es que no,
        pues no, qué va, que va, negativo, tampoco""",
        statement_yes="""lo hago, lo hacemos, lo hice, lo usamos, lo uso, tengo, tenemos,
        es, está, hay, lo tengo, lo tenemos""",
        statement_no="""no lo hago, no lo hacemos, no lo hice, no lo uso, no tengo,
        no tenemos, no es, no está, no hay""",
        hedges="""quizás, quizá, quizas, tal vez, a lo mejor, no sé, no se, no estoy seguro,
        no estoy segura, depende, a veces, más o menos, mas o menos, puede ser, un poco,
        en parte, sí y no, si y no, ni sí ni no, no lo sé, a ratos, de vez en cuando""",
        neutral="no sólo, no solo, nadie, no importa",
        whole_yes="s, vale, ok, okey, de acuerdo, verdad",
        whole_no="n, falso",
    ),
    "de": YesNoWords(
        yes="""ja, jap, jo, jawohl, klar, na klar, natürlich, naturlich, selbstverständlich,
        sicher, auf jeden fall, definitiv, absolut, genau, stimmt, richtig, ich denke schon,
        ich glaube schon, wahrscheinlich, wahrscheinlich ja, immer, ja klar, ja genau,
        auf alle fälle, durchaus, eindeutig ja, doch""",
        no="""nein, nee, nö, ne, auf keinen fall, keinesfalls, ich denke nicht,
        ich glaube nicht, wahrscheinlich nicht, nie, niemals, noch nicht, nicht mehr,
        gar nicht, überhaupt nicht, eigentlich nicht, nicht wirklich, keine, keiner, nichts,
        eher nicht, sicher nicht, natürlich nicht""",
        statement_yes="ich habe, wir haben, ich mache, wir machen, es gibt, ist es, haben wir",
        statement_no="""ich habe nicht, wir haben nicht, ich mache nicht, wir machen nicht,
        es gibt kein, es gibt keine, nicht""",
        hedges="""vielleicht, weiß nicht, weiss nicht, ich weiß nicht, ich weiss nicht,
        kommt darauf an, kommt drauf an, manchmal, teilweise, ein bisschen, etwas, mehr oder
        weniger, ja und nein, schwer zu sagen, ab und zu, gelegentlich, eventuell, je nachdem,
        nicht sicher, bin mir nicht sicher""",
        neutral="nicht nur, niemand, keine ahnung warum",
        whole_yes="j, ok, okay, korrekt, einverstanden",
        whole_no="n, falsch",
    ),
    "fr": YesNoWords(
        yes="""oui, ouais, ouaip, bien sûr, bien sur, évidemment, absolument, tout à fait,
        carrément, exactement, c'est ça, c'est vrai, effectivement, certainement, sans doute,
        je pense que oui, je crois que oui, probablement, probablement oui, toujours,
        oui oui, si, bien entendu, en effet""",
        no="""non, pas du tout, absolument pas, certainement pas, bien sûr que non,
        je ne pense pas, je pense que non, je crois que non, probablement pas, jamais,
        pas encore, plus maintenant, aucun, aucune, rien, pas vraiment, non plus, nan,
        pas spécialement""",
        statement_yes="je le fais, on le fait, j'ai, on a, nous avons, c'est, il y a",
        statement_no="""je ne le fais pas, on ne le fait pas, je n'ai pas, on n'a pas,
        ce n'est pas, il n'y a pas, pas""",
        hedges="""peut-être, peut être, je ne sais pas, je sais pas, sais pas, pas sûr,
        pas sûre, ça dépend, ca depend, parfois, des fois, un peu, plus ou moins, en partie,
        oui et non, difficile à dire, de temps en temps, ça arrive, bof""",
        neutral="pas seulement, personne, peu importe",
        whole_yes="o, ok, d'accord, vrai, correct",
        whole_no="n, faux",
    ),
    "pt": YesNoWords(
        yes="""sim, claro, com certeza, certamente, sem dúvida, sem duvida, exatamente,
        isso mesmo, é verdade, e verdade, correto, acho que sim, creio que sim, provavelmente,
        provavelmente sim, sempre, sim sim, pois é, pois e, uso, usamos, tenho, temos,
        é sim, e sim, claro que sim, lógico, logico""",
        no="""não, nao, de jeito nenhum, claro que não, claro que nao, acho que não,
        acho que nao, provavelmente não, provavelmente nao, nunca, jamais, ainda não,
        ainda nao, não mais, nao mais, nenhum, nenhuma, nada, na verdade não,
        nem um pouco, negativo""",
        statement_yes="eu faço, a gente faz, nós fazemos, tem, há, existe",
        statement_no="""eu não faço, nao faco, a gente não faz, não tem, nao tem, não há,
        nao ha""",
        hedges="""talvez, não sei, nao sei, depende, às vezes, as vezes, mais ou menos,
        um pouco, em parte, sim e não, sim e nao, difícil dizer, dificil dizer, pode ser,
        de vez em quando, não tenho certeza, nao tenho certeza, sei lá, sei la""",
        neutral="não só, nao so, ninguém, ninguem, não importa",
        whole_yes="s, ok, certo, verdade, aham, uhum",
        whole_no="n, falso",
    ),
}


# -- lists, choices and rankings -------------------------------------------------------------------

LIST_WORDS = word_set(
    """y e und et o ou oder luego después despues entonces dann danach puis ensuite depois
    então entao primero segundo tercero zuerst erst también tambien auch aussi também"""
)
"""Conjunctions and sequence words of the other languages, for lists and rankings."""
NEGATORS = word_set("no nicht kein keine keinen ne pas não nao nem ni sin ohne sans sem")
EXCEPT = word_set("excepto salvo menos außer ausser sauf exceto fora")
ALL = listing(
    """todos, todas, todo, todos ellos, todas ellas, alle, alles, alle davon, tous, toutes, tout,
    tous les trois, tudo, todos eles, todas elas"""
)
NONE = word_set("ninguno ninguna nada keine keiner keines nichts aucun aucune rien nenhum nenhuma")
_ORDINAL_RANKS = (
    # rank: Spanish, Portuguese, German and French forms (gendered and inflected)
    "primero primera primer primeiro primeira erste erster ersten erstes premier première",
    "segundo segunda zweite zweiter zweiten zweites deuxième second seconde",
    "tercero tercera tercer terceiro terceira dritte dritter dritten drittes troisième",
    "cuarto cuarta quarto quarta vierte vierter vierten viertes quatrième",
    "quinto quinta fünfte fünfter fünften fünftes cinquième",
    "sexto sexta sechste sechster sechsten sechstes sixième",
)
ORDINALS: dict[str, int] = {
    word: rank for rank, words in enumerate(_ORDINAL_RANKS, start=1) for word in words.split()
}
LAST = word_set("último última ultimo ultima letzte letzter letzten letztes dernier dernière")
BEST = word_set(
    "mejor favorito favorita beste bester liebste meilleur meilleure préféré préférée melhor"
)
WORST = word_set("peor schlechteste pire pior")
BETWEEN = word_set("entre zwischen")
AND = word_set("y e und et")
OR = word_set("o u oder ou")
OUT_OF = word_set("de von sur")
APPROXIMATELY = word_set(
    """unos unas aproximadamente alrededor más menos casi cerca etwa ungefähr rund circa ca
    environ presque autour vers cerca aproximadamente uns umas quase mais ou"""
)


# -- numbers ------------------------------------------------------------------------------------------

_THOUSANDS = {
    "en": re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]*\d)"),
    "dot": re.compile(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.]*\d)"),
    "space": re.compile(r"(?<![\d])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?!\d)"),
}
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2})(?![\d,])")
_SPLIT_RANGE = {
    "es": re.compile(r"\b(entre)\s+(.+?)\s+(y)\s+(.+)", re.IGNORECASE),
    "pt": re.compile(r"\b(entre)\s+(.+?)\s+(e)\s+(.+)", re.IGNORECASE),
    "de": re.compile(r"\b(zwischen)\s+(.+?)\s+(und)\s+(.+)", re.IGNORECASE),
    "fr": re.compile(r"\b(entre)\s+(.+?)\s+(et)\s+(.+)", re.IGNORECASE),
}


def digits(text: str, language: str) -> str:
    """``text`` with number words as digits and thousands separators removed, for ``language``:
    "entre doscientos y dos mil" → "entre 200 y 2000"; "2.000" → "2000" (es/de/pt);
    "siebzehn" → "17"; "cuatro" → "4". English text passes through unchanged (the English
    readers have their own number words)."""
    text = _strip_thousands(text, language)
    if language == "en" or language not in READING_LANGUAGES:
        return text
    split = _SPLIT_RANGE.get(language)
    match = split.search(text) if split else None
    if match:
        # "y"/"e"/"und" also join number words ("treinta y dos"), so each end of a range is
        # converted on its own: "entre doscientos y dos mil" is 200 and 2000, not 202000.
        head = _alpha2digit(text[: match.start()], language)
        low, high = _alpha2digit(match.group(2), language), _alpha2digit(match.group(4), language)
        return f"{head}{match.group(1)} {low} {match.group(3)} {high}"
    return _alpha2digit(text, language)


def _strip_thousands(text: str, language: str) -> str:
    if language == "en":
        return _THOUSANDS["en"].sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    text = _THOUSANDS["dot"].sub(lambda m: m.group(1) + m.group(2).replace(".", ""), text)
    if language == "fr":
        text = _THOUSANDS["space"].sub(
            lambda m: m.group(1) + re.sub(r"[ \u00a0\u202f]", "", m.group(2)), text
        )
    return text


_ARTICLE = re.compile(
    r"\b(?:un|una|unos|unas|um|uma|uns|umas|ein|eine|einen|einem|einer|une|des)\s+(\w+)",
    re.IGNORECASE,
)


def _alpha2digit(text: str, language: str) -> str:
    from text_to_num import alpha2digit

    def article(match: re.Match[str]) -> str:
        # "unos ochocientos" (some 800) and "un siete" (a seven) are one number: drop the
        # article, which text2num would otherwise read as a 1.
        word = match.group(1)
        return word if alpha2digit(word, language, threshold=0).isdigit() else match.group(0)

    # threshold 0: every number word becomes digits, "uno" and "cuatro" included.
    return alpha2digit(_ARTICLE.sub(article, text), language, threshold=0)


@cache
def consent_tables(
    language: str,
) -> tuple[dict[tuple[str, ...], bool | None], frozenset[tuple[str, ...]], frozenset[str]]:
    """(phrase → True/False/None, whole-message yeses, filler words) for ``language``."""
    words = CONSENT[language]
    table: dict[tuple[str, ...], bool | None] = {}
    for phrases, value in ((words.yes, True), (words.no, False), (words.unsure, None)):
        for phrase in listing(phrases):
            table[tuple(tokenize(normalize(phrase)))] = value
    whole = frozenset(tuple(tokenize(normalize(p))) for p in listing(words.whole_yes))
    filler = frozenset(tokenize(normalize(words.filler)))
    return table, whole, filler


def decimal_points(text: str, language: str) -> str:
    """ "7,5" → "7.5" where a comma is the decimal mark (every supported language but English)."""
    if language == "en":
        return text
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


_OUT_OF_WORDS = word_set("de von sur sobre em")


def english_number_words(tokens: list[str]) -> list[str]:
    """The words around numbers as the English readers know them: "entre 6 y 7" → "between 6
    and 7", "7 de 10" / "7 von 10" / "7 sur 10" → "7 out of 10"."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        numeric_pair = before.isdigit() and after.isdigit()
        if token in BETWEEN:
            out.append("between")
        elif token in AND and numeric_pair:
            out.append("and")
        elif token in OR and numeric_pair:
            out.append("or")
        elif token in _OUT_OF_WORDS and numeric_pair:
            out.extend(("out", "of"))
        else:
            out.append(token)
    return out


def english_digits(text: str) -> str:
    """English number words as digits ("around three hundred" → "around 300"); "one" too."""
    from text_to_num import alpha2digit

    return alpha2digit(text, "en", threshold=0)


# -- intents (whole messages) ---------------------------------------------------------------------

INTENTS: dict[str, dict[str, str]] = {
    "es": {
        "stop": """para, parar, basta, quiero parar, quiero terminar, terminar, terminemos,
        no quiero seguir, no quiero continuar, adiós, adios, hasta luego, salir, me voy,
        dejémoslo aquí, dejemoslo aqui, se acabó, fin, ya no quiero seguir""",
        "refuse": """prefiero no decirlo, prefiero no responder, prefiero no contestar,
        prefiero no decir, es privado, es personal, es confidencial, sin comentarios,
        no quiero responder, no quiero contestar, no quiero decirlo, eso es privado""",
        "skip": """paso, siguiente, siguiente pregunta, saltar, sáltala, saltala, saltemos,
        prefiero saltarla, pasa a la siguiente, pasemos a la siguiente, no aplica,
        no me aplica, no procede, saltar esta pregunta""",
        "idk": """no sé, no se, no lo sé, no lo se, ni idea, no tengo ni idea, no me acuerdo,
        no lo recuerdo, no recuerdo, no estoy seguro, no estoy segura, quién sabe,
        no sabría decir, no sabría decirte, no sabria decir""",
        "clarify_request": """qué, que, cómo, como, perdón, perdon, qué quieres decir,
        no entiendo, no entiendo la pregunta, no te entiendo, puedes repetir, repite,
        a qué te refieres, por ejemplo, qué significa, cómo que, me lo repites""",
    },
    "de": {
        "stop": """stopp, stop, aufhören, ich möchte aufhören, ich will aufhören, beenden,
        ende, schluss, tschüss, tschüs, ich höre auf, das reicht, genug,
        ich möchte nicht weitermachen, ich will nicht mehr""",
        "refuse": """das ist privat, privat, das möchte ich nicht sagen,
        dazu möchte ich nichts sagen, kein kommentar, das ist vertraulich,
        möchte ich nicht beantworten, das möchte ich nicht beantworten, geht dich nichts an""",
        "skip": """weiter, nächste frage, nächste, überspringen, überspringe, ich passe,
        passe, trifft nicht zu, trifft auf mich nicht zu, diese frage überspringen""",
        "idk": """weiß nicht, weiss nicht, ich weiß nicht, ich weiss nicht, keine ahnung,
        ich habe keine ahnung, ich erinnere mich nicht, kann ich nicht sagen,
        schwer zu sagen, ich bin mir nicht sicher, weiß ich nicht, weiss ich nicht""",
        "clarify_request": """was, wie bitte, was meinst du, was meinst du damit,
        ich verstehe nicht, ich verstehe die frage nicht, kannst du das wiederholen,
        wiederholen, zum beispiel, wie meinst du das, hä""",
    },
    "fr": {
        "stop": """stop, arrête, arrete, arrêter, j'arrête, je veux arrêter, on arrête, fin,
        terminer, au revoir, ça suffit, ca suffit, je m'arrête là, je ne veux pas continuer,
        je veux plus continuer""",
        "refuse": """c'est privé, c'est personnel, je préfère ne pas répondre,
        je préfère ne pas le dire, sans commentaire, je ne veux pas répondre,
        c'est confidentiel, je préfère pas répondre""",
        "skip": """suivant, question suivante, passer, je passe, on passe, passons, sauter,
        ne s'applique pas, pas concerné, pas concernée, passer cette question""",
        "idk": """je ne sais pas, je sais pas, sais pas, aucune idée, j'en sais rien,
        je ne me souviens pas, je me souviens pas, difficile à dire, je ne suis pas sûr,
        je ne suis pas sûre, chais pas""",
        "clarify_request": """quoi, comment, pardon, je ne comprends pas, je comprends pas,
        tu veux dire quoi, qu'est-ce que tu veux dire, tu peux répéter, répète, repete,
        par exemple, c'est-à-dire, c'est à dire""",
    },
    "pt": {
        "stop": """parar, pare, chega, quero parar, quero sair, sair, tchau, adeus, encerrar,
        terminar, não quero continuar, nao quero continuar, acabou""",
        "refuse": """prefiro não dizer, prefiro nao dizer, prefiro não responder,
        prefiro nao responder, é pessoal, e pessoal, é privado, é confidencial,
        sem comentários, sem comentarios, não quero responder, nao quero responder""",
        "skip": """próxima, proxima, próxima pergunta, proxima pergunta, pular, pula, passo,
        vamos para a próxima, não se aplica, nao se aplica, pular esta pergunta""",
        "idk": """não sei, nao sei, sei lá, sei la, não faço ideia, nao faco ideia,
        não lembro, nao lembro, não me lembro, nao me lembro, difícil dizer,
        não tenho certeza, nao tenho certeza""",
        "clarify_request": """o quê, o que, como assim, não entendi, nao entendi, não entendo,
        nao entendo, pode repetir, repete, por exemplo, o que você quer dizer, hein""",
    },
}
_INTENT_FILLER = word_set(
    """por favor gracias bueno pues vale oye mira la verdad sinceramente bitte danke also na
    naja ehrlich gesagt merci bon ben euh alors honnêtement obrigado obrigada bem olha então
    entao sinceramente"""
)
INTENT_ORDER = ("stop", "refuse", "skip", "idk", "clarify_request")


@cache
def _intent_tables(language: str) -> dict[str, frozenset[tuple[str, ...]]]:
    return {
        intent: frozenset(tuple(tokenize(normalize(p))) for p in listing(phrases))
        for intent, phrases in INTENTS.get(language, {}).items()
    }


def whole_message_intent(normalized: str, language: str) -> str | None:
    """The intent a whole short message states in ``language`` ("no sé" → "idk"), if any.

    Only whole messages (give or take "por favor", "bitte", "merci"…): a real answer that merely
    contains "para" or "weiter" stays an answer.
    """
    tables = _intent_tables(language)
    if not tables:
        return None
    words = tuple(t for t in tokenize(normalized) if t[:1].isalnum() and t not in _INTENT_FILLER)
    if not words or len(words) > 8:
        return None
    return next((intent for intent in INTENT_ORDER if words in tables.get(intent, ())), None)
