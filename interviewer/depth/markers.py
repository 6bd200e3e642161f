"""Depth markers per language: what the live scorer looks for, in the respondent's language.

What carries across languages is in the scorer itself — structure (length, distinct content
words, questions asked back, keyboard mashing), digits, money, clock times, years, product
names (``lexicon.TOOLS``) and capitalised names mid-sentence. What is language-specific is
here, one :class:`Markers` per language: function words, first person, past tense, past-time
anchors and time expressions, number words, roles ("mi jefe", "meine Chefin"), and the
reason / workaround / cost / emotion / generic / hypothetical / compliment phrases.

English keeps its lexicon (``lexicon.py``) unchanged; the other four are hand-written from the
same rubric, not fitted to any data set. German capitalises every noun, so capitals do not
count as names there (only tools and roles do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from interviewer.depth import lexicon as lex


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Markers:
    """Everything language-specific the depth scorer reads."""

    code: str
    function: frozenset[str]
    """Very common words: tell the language apart, never content, never names."""
    question_stop: frozenset[str]
    """Words of a question that say nothing about its topic (for relevance)."""
    first_person: frozenset[str]
    irregular_past: frozenset[str]
    past_suffix: re.Pattern[str] | None
    """A past-tense word form (checked on tokens of four letters or more)."""
    not_past: frozenset[str]
    compound_past: re.Pattern[str] | None
    """Past tenses built with an auxiliary ("he comprado", "habe gekauft", "j'ai acheté")."""
    past_anchor: re.Pattern[str]
    time: re.Pattern[str]
    causal: re.Pattern[str]
    emotion: re.Pattern[str]
    workaround: re.Pattern[str]
    cost: re.Pattern[str]
    generic: re.Pattern[str]
    hypothetical: re.Pattern[str]
    compliment: re.Pattern[str]
    number_words: frozenset[str]
    determiners: frozenset[str]
    roles: frozenset[str]
    calendar: frozenset[str]
    """Day and month names: time, not names, when capitalised."""
    evasive: frozenset[str]
    evasive_phrases: re.Pattern[str]
    capitals_are_names: bool = True
    stem_suffixes: tuple[str, ...] = field(default=("ing", "ed", "es", "s", "ly"))

    def past_verbs(self, tokens: Sequence[str], lower: str) -> int:
        if self.code == "en":  # exactly the English rule the benchmark was calibrated on
            return sum(
                1
                for t in tokens
                if t in lex.IRREGULAR_PAST or (t.endswith("ed") and t not in lex.NOT_PAST)
            )
        count = sum(
            1
            for t in tokens
            if t in self.irregular_past
            or (
                self.past_suffix is not None
                and len(t) >= 4
                and t not in self.not_past
                and self.past_suffix.search(t) is not None
            )
        )
        if self.compound_past is not None:
            count += len(self.compound_past.findall(lower))
        return count


ENGLISH = Markers(
    code="en",
    function=lex.ENGLISH,
    question_stop=lex.QUESTION_STOP,
    first_person=lex.FIRST_PERSON,
    irregular_past=lex.IRREGULAR_PAST,
    past_suffix=None,
    not_past=lex.NOT_PAST,
    compound_past=None,
    past_anchor=lex.PAST_ANCHOR,
    time=lex.TIME,
    causal=lex.CAUSAL,
    emotion=lex.EMOTION,
    workaround=lex.WORKAROUND,
    cost=lex.COST,
    generic=lex.GENERIC,
    hypothetical=lex.HYPOTHETICAL,
    compliment=lex.COMPLIMENT,
    number_words=lex.NUMBER_WORDS,
    determiners=lex.DETERMINERS,
    roles=lex.ROLES,
    calendar=lex.DAYS | lex.MONTHS,
    evasive=lex.EVASIVE,
    evasive_phrases=lex.EVASIVE_PHRASES,
)

_ES_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
_ES_DAYS = "lunes martes miércoles jueves viernes sábado domingo"
_DE_MONTHS = "januar februar märz april mai juni juli august september oktober november dezember"
_DE_DAYS = "montag dienstag mittwoch donnerstag freitag samstag sonntag"
_FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_FR_DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche"
_PT_MONTHS = (
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
)
_PT_DAYS = "segunda terça quarta quinta sexta sábado domingo"


def _alt(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


SPANISH = Markers(
    code="es",
    function=_words(
        "el la los las de del que y en un una unos unas por para con no es lo se me mi mis al "
        "como pero más muy yo fue cuando porque le les su sus ya o este esta eso ese esa hay "
        "tengo tenemos era estaba sí si también sin sobre todo todos nos te tu entre hasta"
    ),
    question_stop=_words(
        "el la los las de del que y en un una por para con no es lo se me mi al como cuéntame "
        "cuéntanos cuál cuáles qué cómo cuándo cuánto cuántos por qué dime háblame la última vez "
        "tu tus te has hiciste haces sueles alguna vez actualmente hoy"
    ),
    first_person=_words(
        "yo me mi mis nosotros nosotras nos nuestro nuestra nuestros nuestras conmigo"
    ),
    irregular_past=_words(
        "fue fui fuimos fueron hubo tuve tuvo tuvimos tuvieron hice hizo hicimos hicieron dije "
        "dijo dijimos dijeron puse puso pude pudo pudimos estuve estuvo estuvimos vine vino "
        "vinimos supe quise era eran éramos había habían tenía teníamos tenían hacía sabía "
        "quería podía comía vivía debía salía decía estaba estábamos estaban iba íbamos"
    ),
    past_suffix=re.compile(r"(?:é|ó|aron|ieron|aste|iste|aba|aban|ábamos)$"),
    not_past=_words("café bebé porqué puré comité canapé"),
    compound_past=re.compile(r"\b(?:he|has|ha|hemos|han)\s+\w+(?:ado|ido|isto|echo|uesto|ierto)\b"),
    past_anchor=re.compile(
        rf"\b(?:ayer|anoche|anteayer|la semana pasada|el mes pasado|el año pasado|"
        rf"el (?:finde|fin de semana) pasado|el (?:{_alt(_ES_DAYS)})(?: pasado)?|"
        rf"hace (?:\w+ )?(?:días?|semanas?|meses|mes|años?|horas?|un rato|poco)|el otro día|"
        rf"esta mañana|la última vez|una vez|aquel día|ese día|esa semana|esa noche|"
        rf"(?:en|el|de) (?:{_alt(_ES_MONTHS)})|en (?:19|20)\d\d|el pasado (?:\w+)|navidad|"
        rf"cuando (?:\w+ ){{0,2}}\w+(?:é|ó|aron|ieron|aba|ía)\b)",
    ),
    time=re.compile(
        rf"\b(?:\d{{1,2}}(?::\d\d)?\s?h|(?:19|20)\d\d|(?:\d+|un|una|dos|tres|cuatro|cinco|seis|"
        rf"siete|ocho|nueve|diez|unos|unas|varios|varias|media) (?:minutos?|horas?|días?|"
        rf"semanas?|meses|años?|noches?)|ayer|anoche|hoy|esta mañana|(?:{_alt(_ES_DAYS)})s?|"
        rf"(?:{_alt(_ES_MONTHS)})|por la (?:mañana|tarde|noche)|fin de semana|finde|primavera|"
        rf"verano|otoño|invierno|hace)\b",
    ),
    causal=re.compile(
        r"\b(?:porque|ya que|puesto que|debido a|por eso|así que|asi que|por lo que|hizo que|"
        r"provocó|causó|la razón|como consecuencia|gracias a|para que|por culpa de|es que|"
        r"lo que significa|lo que hizo|de modo que)\b"
    ),
    emotion=re.compile(
        r"\b(?:frustra\w*|agobi\w*|estrés|estresad\w*|nervios\w*|preocupad\w*|angusti\w*|"
        r"enfad\w*|molest\w*|hart[oa]|cansad\w*|agotad\w*|desesper\w*|triste|horrible|fatal|"
        r"pesadilla|odio|odié|lloré|llorando|miedo|vergüenza|aliviad\w*|alivio|rabia|me sentí|"
        r"me dio (?:rabia|pena|miedo)|un caos|un desastre|decepcion\w*|me volví loc[oa])\b"
    ),
    workaround=re.compile(
        r"\b(?:al final|terminé|acabé|en su lugar|a mano|manualmente|hoja de cálculo|apaño|"
        r"truco|cambié a|cambiamos a|pasamos a|volví a|empecé a|empezamos a|desde entonces|"
        r"ahora (?:uso|usamos|hago|hacemos|pongo)|tuve que|tuvimos que|lo solucioné|lo arreglé|"
        r"me las apañé|improvisé|en vez de)\b"
    ),
    cost=re.compile(
        r"\b(?:costó|cuesta|pagué|pagamos|perdí|perdimos|gasté|gastamos|desperdici\w*|tiré|"
        r"tiramos|multa|retraso|se retrasó|me costó|horas extra|euros?|dólares?|pesos|"
        r"toda la tarde|todo el día|todo el fin de semana|se echó a perder|caduc\w*|"
        r"a la basura)\b|[$€£]\s?\d"
    ),
    generic=re.compile(
        r"\b(?:normalmente|generalmente|habitualmente|siempre|a menudo|suelo|solemos|"
        r"casi siempre|todos los días|cada semana|cada día|a veces|por lo general|en general|"
        r"está bien|no está mal|depende|como todo el mundo|lo típico|lo normal|intento|"
        r"intentamos)\b"
    ),
    hypothetical=re.compile(
        r"\b(?:usaría|usaríamos|pagaría|pagaríamos|compraría|compraríamos|haría|haríamos|"
        r"probaría|descargaría|recomendaría|querría|gustaría|encantaría|sería|estaría|"
        r"podría|tendría|iría|si (?:tuviera|pudiera|hubiera|existiera|fuera)|"
        r"en el futuro|algún día|voy a|vamos a)\b"
    ),
    compliment=re.compile(
        r"\b(?:me encanta|me encantaría|qué buena idea|buena idea|genial|increíble|"
        r"me parece (?:genial|muy bien|fantástico|una gran idea)|suena (?:genial|bien|muy bien)|"
        r"fantástico|estupendo|muy útil)\b|[😍🔥👍❤🙌👏🤩💯]"
    ),
    number_words=_words(
        "dos tres cuatro cinco seis siete ocho nueve diez once doce quince veinte treinta "
        "cuarenta cincuenta cien cientos mil millón docena par media"
    ),
    determiners=_words("mi mis nuestro nuestra nuestros nuestras el la su sus tu"),
    roles=_words(
        "jefe jefa gerente director directora pareja marido mujer esposo esposa hijo hija hijos "
        "hijas niños madre padre mamá papá hermano hermana amigo amiga vecino vecina médico "
        "médica compañero compañera cliente clientes contable proveedor equipo socio socia"
    ),
    calendar=_words(_ES_MONTHS + " " + _ES_DAYS),
    evasive=_words("no sé nada ninguno paso vale ok bueno pues ni idea hola gracias lo siento"),
    evasive_phrases=re.compile(r"\b(?:no (?:lo )?sé|ni idea|prefiero no (?:decirlo|responder))\b"),
    stem_suffixes=("aciones", "ación", "mente", "ando", "iendo", "ado", "ido", "es", "s"),
)

GERMAN = Markers(
    code="de",
    function=_words(
        "der die das und ist nicht ich wir ein eine mit auf für zu sie den dem aber sehr habe "
        "weil es in im am an von war hatte haben hat auch noch dann so wie wenn als bei aus "
        "mein meine unser unsere mich mir uns doch schon nur"
    ),
    question_stop=_words(
        "der die das und ist ein eine mit auf für zu den dem erzähl erzähle mir wie was wann "
        "warum welche welcher wer das letzte mal du dich dir hast bist hattest warst gerade "
        "heute aktuell"
    ),
    first_person=_words(
        "ich mich mir mein meine meinen meinem meiner wir uns unser unsere unseren"
    ),
    irregular_past=_words(
        "war waren warst hatte hatten hattest ging gingen kam kamen musste mussten wollte "
        "wollten konnte konnten sagte sagten fand stand saß gab nahm wurde wurden dachte "
        "brachte wusste blieb fuhr lief machte kaufte"
    ),
    past_suffix=re.compile(r"^ge\w{3,}(?:t|en)$"),
    not_past=_words(
        "gesicht geschäft gericht gewicht gebiet gespräch gestern gegen gerade genau gesund gemüse geld"
    ),
    compound_past=None,
    past_anchor=re.compile(
        rf"\b(?:gestern|vorgestern|letzte woche|letzten (?:monat|montag|dienstag|mittwoch|"
        rf"donnerstag|freitag|samstag|sonntag|sommer|winter)|letztes (?:jahr|wochenende|mal)|"
        rf"vor (?:\w+ )?(?:tagen|wochen|monaten|jahren|stunden|kurzem)|neulich|heute morgen|"
        rf"das letzte mal|einmal|an dem tag|in dieser woche|im (?:{_alt(_DE_MONTHS)})|"
        rf"am (?:{_alt(_DE_DAYS)})|(?:19|20)\d\d|weihnachten|als (?:ich|wir) )",
    ),
    time=re.compile(
        rf"\b(?:\d{{1,2}}(?::\d\d)?\s?uhr|(?:19|20)\d\d|(?:\d+|ein|eine|einen|zwei|drei|vier|"
        rf"fünf|sechs|sieben|acht|neun|zehn|ein paar|mehrere|eine halbe) (?:minuten?|stunden?|"
        rf"tage?n?|wochen?|monate?n?|jahre?n?|nächte?)|gestern|heute|morgens|abends|nachts|"
        rf"(?:{_alt(_DE_DAYS)})s?|(?:{_alt(_DE_MONTHS)})|wochenende|frühling|sommer|herbst|"
        rf"winter|vor)\b",
    ),
    causal=re.compile(
        r"\b(?:weil|denn|da|deshalb|deswegen|daher|darum|sodass|so dass|wegen|aufgrund|"
        r"dadurch|der grund|was dazu führte|weshalb|damit)\b"
    ),
    emotion=re.compile(
        r"\b(?:frustri\w*|genervt|nervig|ärger\w*|wütend|sauer|gestresst|stress|panik|angst|"
        r"sorgen|peinlich|schrecklich|furchtbar|albtraum|hasse|gehasst|geweint|erschöpft|"
        r"überfordert|enttäuscht|erleichtert|traurig|verzweifelt|hilflos|fühlte mich|"
        r"hat mich verrückt gemacht)\b"
    ),
    workaround=re.compile(
        r"\b(?:am ende|schließlich|stattdessen|von hand|manuell|tabelle|excel|notlösung|trick|"
        r"umgestiegen|gewechselt|wieder zu|angefangen|seitdem|jetzt (?:nutze|nutzen|mache|"
        r"machen)|musste ich|mussten wir|gelöst|behoben|selbst gebaut|improvisiert)\b"
    ),
    cost=re.compile(
        r"\b(?:gekostet|kostet|bezahlt|verloren|verschwendet|weggeworfen|strafe|gebühr|"
        r"verspätung|verspätet|überstunden|euro|den ganzen (?:tag|abend|nachmittag)|"
        r"das ganze wochenende|abgelaufen|schlecht geworden|verpasst)\b|[$€£]\s?\d"
    ),
    generic=re.compile(
        r"\b(?:normalerweise|meistens|immer|oft|häufig|in der regel|jeden tag|jede woche|"
        r"manchmal|generell|eigentlich immer|es ist okay|ganz gut|nicht schlecht|kommt drauf "
        r"an|wie alle|ich versuche|wir versuchen)\b"
    ),
    hypothetical=re.compile(
        r"\b(?:würde|würden|würdest|hätte gern|hätten gern|wäre|wären|könnte|könnten|"
        r"wenn ich (?:hätte|könnte)|in zukunft|irgendwann|werde|werden)\b"
    ),
    compliment=re.compile(
        r"\b(?:tolle idee|gute idee|super idee|klingt (?:toll|super|gut|spannend)|"
        r"großartig|genial|fantastisch|super hilfreich|sehr nützlich|liebe es)\b|"
        r"[😍🔥👍❤🙌👏🤩💯]"
    ),
    number_words=_words(
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf fünfzehn zwanzig dreißig "
        "vierzig fünfzig hundert tausend million dutzend halb paar"
    ),
    determiners=_words(
        "mein meine meinem meinen meiner unser unsere unserem unseren der die dem den"
    ),
    roles=_words(
        "chef chefin manager managerin partner partnerin mann frau sohn tochter kinder kind "
        "mutter vater mama papa bruder schwester freund freundin nachbar nachbarin arzt ärztin "
        "kollege kollegin kunde kunden kundin buchhalter lieferant team"
    ),
    calendar=_words(_DE_MONTHS + " " + _DE_DAYS),
    evasive=_words("weiß nicht nichts keine ahnung ok okay hallo danke sorry na ja"),
    evasive_phrases=re.compile(r"\b(?:weiß (?:ich )?nicht|keine ahnung|lieber nicht)\b"),
    capitals_are_names=False,
    stem_suffixes=("ungen", "ung", "en", "er", "e", "s"),
)

FRENCH = Markers(
    code="fr",
    function=_words(
        "le la les de des du un une et est en que qui pour pas dans avec mais très nous vous "
        "il elle je j'ai c'est ce sur au aux ne se sa son ses mon ma mes on plus tout comme "
        "était avait y a l' d'"
    ),
    question_stop=_words(
        "le la les de des du un une et est en que qui pour avec raconte-moi raconte parle-moi "
        "dis-moi comment quand pourquoi quel quelle quels quelles combien la dernière fois tu "
        "te ton ta tes as es actuellement aujourd'hui"
    ),
    first_person=_words("je j'ai j'étais me m'a moi mon ma mes nous notre nos on"),
    irregular_past=_words(
        "était étais étions étaient avait avais avions avaient fut eu fait dit pris mis vu "
        "allé allée venu venue dû pu voulu su fallu devait pouvait voulait allait"
    ),
    past_suffix=re.compile(r"(?:ais|ait|aient|ions)$"),
    not_past=_words("mais jamais frais anglais français palais relais souhait lait fait"),
    compound_past=re.compile(
        r"\b(?:j'ai|j'avais|tu as|il a|elle a|on a|nous avons|ils ont|elles ont|je suis|"
        r"on est|nous sommes|ils sont)\s+(?:\w+\s+)?\w+(?:é|ée|és|ées|i|is|it|u|ue|us)\b"
    ),
    past_anchor=re.compile(
        rf"\b(?:hier|avant-hier|la semaine dernière|le mois dernier|l'année dernière|"
        rf"le week-end dernier|(?:{_alt(_FR_DAYS)}) dernier|il y a (?:\w+ )?(?:jours?|semaines?|"
        rf"mois|ans|heures?|peu)|l'autre jour|ce matin|la dernière fois|une fois|ce jour-là|"
        rf"cette semaine-là|ce soir-là|en (?:{_alt(_FR_MONTHS)})|en (?:19|20)\d\d|à noël|"
        rf"quand (?:j'ai|on a|nous avons|j'étais))",
    ),
    time=re.compile(
        rf"\b(?:\d{{1,2}}\s?h(?:\d\d)?|(?:19|20)\d\d|(?:\d+|un|une|deux|trois|quatre|cinq|six|"
        rf"sept|huit|neuf|dix|quelques|plusieurs|une demi) (?:minutes?|heures?|jours?|"
        rf"semaines?|mois|ans|années?|nuits?|soirées?)|hier|aujourd'hui|ce matin|ce soir|"
        rf"(?:{_alt(_FR_DAYS)})s?|(?:{_alt(_FR_MONTHS)})|week-end|printemps|été|automne|hiver|"
        rf"il y a)\b",
    ),
    causal=re.compile(
        r"(?:\bparce que\b|\bparce qu'|\bcar\b|\bpuisque\b|\bdonc\b|\bà cause de\b|\bgrâce à\b|"
        r"\bdu coup\b|\bc'est pour ça\b|\bc'est pourquoi\b|\bce qui a\b|\bla raison\b|"
        r"\bpour que\b|\ben raison de\b|\bvu que\b)"
    ),
    emotion=re.compile(
        r"\b(?:frustr\w*|énervé\w*|agacé\w*|en colère|stress\w*|paniqu\w*|peur|inquiet\w*|"
        r"angoiss\w*|honte|gêné\w*|horrible|affreux|cauchemar|déteste|détesté|pleuré|épuisé\w*|"
        r"débordé\w*|déçu\w*|soulagé\w*|triste|désespéré\w*|je me suis senti\w*|"
        r"ça m'a rendu fou|la galère|galéré)\b"
    ),
    workaround=re.compile(
        r"(?:\bau final\b|\bfinalement\b|\bj'ai fini par\b|\bà la place\b|\bà la main\b|"
        r"\bmanuellement\b|\btableur\b|\bexcel\b|\bastuce\b|\bsystème d\b|\bje suis passé\w* à\b|"
        r"\bon est passé\w* à\b|\bdepuis\b|\bmaintenant (?:j'utilise|on utilise|je fais)\b|"
        r"\bj'ai dû\b|\bon a dû\b|\bj'ai réglé\b|\bj'ai contourné\b|\bbricol\w*)"
    ),
    cost=re.compile(
        r"\b(?:coûté|coûte|payé|perdu|gaspill\w*|jeté|amende|frais|retard|en retard|"
        r"heures sup\w*|euros?|toute la soirée|toute la journée|tout le week-end|périmé\w*|"
        r"à la poubelle|raté)\b|[$€£]\s?\d"
    ),
    generic=re.compile(
        r"\b(?:d'habitude|en général|généralement|normalement|toujours|souvent|tous les jours|"
        r"chaque semaine|chaque jour|parfois|ça va|c'est bien|pas mal|ça dépend|comme tout le "
        r"monde|j'essaie|on essaie)\b"
    ),
    hypothetical=re.compile(
        r"\b(?:utiliserais|utiliserait|utiliserions|paierais|paierait|payerais|achèterais|"
        r"aimerais|voudrais|voudrait|pourrais|pourrait|serais|serait|aurais|aurait|ferais|"
        r"ferait|irais|prendrais|essaierais|si j'avais|si je pouvais|si on avait|à l'avenir|"
        r"un jour|je vais|on va)\b"
    ),
    compliment=re.compile(
        r"\b(?:super idée|bonne idée|excellente idée|j'adore|génial|géniale|"
        r"ça a l'air (?:super|génial|top)|fantastique|formidable|trop bien|très utile)\b|"
        r"[😍🔥👍❤🙌👏🤩💯]"
    ),
    number_words=_words(
        "deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante "
        "cinquante cent cents mille million douzaine demi"
    ),
    determiners=_words("mon ma mes notre nos le la les son sa ses"),
    roles=_words(
        "chef cheffe patron patronne responsable directeur directrice conjoint conjointe mari "
        "femme copain copine fils fille enfants enfant mère père maman papa frère sœur ami amie "
        "voisin voisine médecin collègue client cliente clients comptable fournisseur équipe"
    ),
    calendar=_words(_FR_MONTHS + " " + _FR_DAYS),
    evasive=_words("sais pas rien aucune idée ok bof bonjour merci désolé euh"),
    evasive_phrases=re.compile(r"(?:je (?:ne )?sais pas|aucune idée|je préfère ne pas)"),
    stem_suffixes=("ations", "ation", "ement", "ant", "és", "ée", "é", "es", "s"),
)

PORTUGUESE = Markers(
    code="pt",
    function=_words(
        "o a os as de do da dos das que e em um uma para com não nao é eu muito foi no na nos "
        "nas por mas se me meu minha isso esse essa ele ela você voce tem tinha mais como quando "
        "porque já ao"
    ),
    question_stop=_words(
        "o a os as de do da que e em um uma para com me conte fale conta como quando por que "
        "porque qual quais quanto quantos quem a última vez você seu sua tem tem usado hoje "
        "atualmente"
    ),
    first_person=_words(
        "eu me meu minha meus minhas nós nos nosso nossa nossos nossas a gente comigo"
    ),
    irregular_past=_words(
        "foi fui fomos foram tive teve tivemos tiveram fiz fez fizemos fizeram disse disseram "
        "pude pôde estive esteve estivemos vim veio era eram éramos tinha tinham tínhamos fazia "
        "sabia queria podia comia vivia estava estávamos estavam ia íamos havia"
    ),
    past_suffix=re.compile(r"(?:ei|ou|aram|eram|iram|ava|avam|ávamos)$"),
    not_past=_words("estou vou sou dou sei lei direi farei serei terei"),
    compound_past=None,
    past_anchor=re.compile(
        rf"\b(?:ontem|anteontem|semana passada|mês passado|mes passado|ano passado|"
        rf"fim de semana passado|(?:{_alt(_PT_DAYS)})(?:-feira)? passad[ao]|há (?:\w+ )?"
        rf"(?:dias?|semanas?|meses|mês|anos?|horas?|pouco)|outro dia|hoje de manhã|"
        rf"a última vez|uma vez|naquele dia|naquela semana|naquela noite|em (?:{_alt(_PT_MONTHS)})|"
        rf"em (?:19|20)\d\d|no natal|quando (?:eu|a gente|nós) \w+(?:ei|ou|amos|i)\b)",
    ),
    time=re.compile(
        rf"\b(?:\d{{1,2}}(?::\d\d)?\s?h|(?:19|20)\d\d|(?:\d+|um|uma|dois|duas|três|quatro|cinco|"
        rf"seis|sete|oito|nove|dez|uns|umas|vários|várias|meia) (?:minutos?|horas?|dias?|"
        rf"semanas?|meses|anos?|noites?)|ontem|hoje|de manhã|à tarde|à noite|"
        rf"(?:{_alt(_PT_DAYS)})(?:-feira)?s?|(?:{_alt(_PT_MONTHS)})|fim de semana|primavera|"
        rf"verão|outono|inverno|há)\b",
    ),
    causal=re.compile(
        r"\b(?:porque|pois|já que|então|por isso|devido a|por causa d\w+|graças a|o motivo|"
        r"o que fez|fez com que|para que|de modo que|tanto que)\b"
    ),
    emotion=re.compile(
        r"\b(?:frustra\w*|irrita\w*|estress\w*|nervos\w*|preocupad\w*|ansios\w*|raiva|medo|"
        r"vergonha|horrível|horrivel|pesadelo|odeio|odiei|chorei|cansad\w*|exaust\w*|"
        r"sobrecarregad\w*|decepcionad\w*|aliviad\w*|triste|desesperad\w*|me senti|"
        r"fiquei (?:louc[oa]|irritad[oa]|chatead[oa])|um caos|um desastre)\b"
    ),
    workaround=re.compile(
        r"\b(?:no fim|acabei|em vez de|à mão|a mão|manualmente|planilha|excel|gambiarra|"
        r"jeitinho|mudei para|mudamos para|voltei a|comecei a|começamos a|desde então|"
        r"agora (?:uso|usamos|faço|fazemos)|tive que|tivemos que|resolvi|consertei|improvisei)\b"
    ),
    cost=re.compile(
        r"\b(?:custou|custa|paguei|pagamos|perdi|perdemos|gastei|gastamos|desperdi\w*|joguei "
        r"fora|jogamos fora|multa|atraso|atrasou|hora extra|horas extras|reais|real|euros?|"
        r"a tarde toda|o dia todo|o fim de semana todo|estragou|venceu|vencid[oa])\b|"
        r"[$€£]\s?\d|r\$\s?\d"
    ),
    generic=re.compile(
        r"\b(?:normalmente|geralmente|sempre|muitas vezes|costumo|costumamos|quase sempre|"
        r"todo dia|todos os dias|toda semana|às vezes|as vezes|em geral|tá bom|está bom|"
        r"não é ruim|depende|como todo mundo|tento|tentamos)\b"
    ),
    hypothetical=re.compile(
        r"\b(?:usaria|usaríamos|pagaria|pagaríamos|compraria|faria|faríamos|gostaria|"
        r"adoraria|seria|estaria|poderia|teria|iria|se eu (?:tivesse|pudesse)|no futuro|"
        r"algum dia|vou|vamos)\b"
    ),
    compliment=re.compile(
        r"\b(?:adorei|adoro|ótima ideia|otima ideia|boa ideia|genial|incrível|incrivel|"
        r"parece (?:ótimo|otimo|incrível|muito bom)|fantástico|muito útil|sensacional)\b|"
        r"[😍🔥👍❤🙌👏🤩💯]"
    ),
    number_words=_words(
        "dois duas três quatro cinco seis sete oito nove dez onze doze quinze vinte trinta "
        "quarenta cinquenta cem cento mil milhão dúzia meia par"
    ),
    determiners=_words("meu minha meus minhas nosso nossa nossos nossas o a seu sua"),
    roles=_words(
        "chefe gerente diretor diretora parceiro parceira marido esposa mulher filho filha "
        "filhos crianças mãe pai irmão irmã amigo amiga vizinho vizinha médico médica colega "
        "cliente clientes contador fornecedor equipe time sócio sócia"
    ),
    calendar=_words(_PT_MONTHS + " " + _PT_DAYS),
    evasive=_words("não sei nada nenhum passo ok beleza olá obrigado obrigada desculpa"),
    evasive_phrases=re.compile(r"\b(?:n[aã]o sei|sei l[aá]|prefiro n[aã]o (?:dizer|responder))\b"),
    stem_suffixes=("ações", "ação", "mente", "ando", "endo", "ado", "ido", "es", "s"),
)

BY_CODE: dict[str, Markers] = {m.code: m for m in (ENGLISH, SPANISH, GERMAN, FRENCH, PORTUGUESE)}


def markers_for(code: str | None) -> Markers | None:
    return BY_CODE.get((code or "en").split("-")[0].lower())


@cache
def _function_words() -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((m.code, m.function) for m in (SPANISH, GERMAN, FRENCH, PORTUGUESE))


def guess_language(tokens: Sequence[str]) -> str | None:
    """The non-English language whose function words an answer uses most, if clearly one.

    Cheap and good enough for the scorer's fallback (the moderator passes the detected
    language instead): at least two function words, and more than any other language's.
    """
    counts = sorted(
        ((sum(1 for t in tokens if t in words), code) for code, words in _function_words()),
        reverse=True,
    )
    (best, code), (second, _) = counts[0], counts[1]
    return code if best >= 2 and best > second else None
