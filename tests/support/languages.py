"""A small study and a scripted respondent in each supported language, for whole-interview tests.

The study has one question of every type; each respondent answers the way people write in
their language: consent ("sí, de acuerdo"), number words ("cuatro", "vier", "quatre",
"quatro"), a range onto a numeric option, yes/no, a ranking with "luego/dann/puis/depois", a
fluffy open answer (which must be probed) and then a concrete story.
"""

from __future__ import annotations

from typing import Any

import yaml

from interviewer.study import Study, load_study_text

LANGUAGES = ("en", "es", "de", "fr", "pt")

_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Weekly dinners",
        "consent": "This is a short chat about your dinners. You can stop at any time.",
        "outro": "That's all. Thank you!",
        "household": ("How many people live in your household?", ["Just me", "2", "3–4", "5 or more"]),
        "spend": ("How much did your household spend on food last week?", ["Under 50", "50–100", "100–200", "More than 200"]),
        "decides": "Last week, did you decide what was for dinner on most days?",
        "story": "Tell me about the last time a dinner plan fell apart.",
        "stress": ("How stressful was deciding what to cook last week?", "not at all", "very"),
        "tools": ("Which of these did you use last week?", ["Pen and paper", "A notes app", "Recipe websites"]),
        "rank": ("What took most of your time last week? Rank them.", ["Choosing", "Shopping", "Cooking"]),
    },
    "es": {
        "title": "Cenas de la semana",
        "consent": "Es una conversación corta sobre tus cenas. Puedes parar cuando quieras.",
        "outro": "Eso es todo. ¡Muchas gracias!",
        "household": ("¿Cuántas personas viven en tu casa?", ["Solo yo", "2", "3–4", "5 o más"]),
        "spend": ("¿Cuánto gastasteis en comida la semana pasada?", ["Menos de 50", "50–100", "100–200", "Más de 200"]),
        "decides": "La semana pasada, ¿decidiste tú qué se cenaba la mayoría de los días?",
        "story": "Cuéntame la última vez que se vino abajo un plan de cena.",
        "stress": ("¿Cuánto estrés te dio decidir qué cocinar la semana pasada?", "nada", "mucho"),
        "tools": ("¿Cuáles de estas usaste la semana pasada?", ["Papel y boli", "Una app de notas", "Webs de recetas"]),
        "rank": ("¿Qué te llevó más tiempo la semana pasada? Ordénalas.", ["Elegir", "Comprar", "Cocinar"]),
    },
    "de": {
        "title": "Abendessen der Woche",
        "consent": "Ein kurzes Gespräch über deine Abendessen. Du kannst jederzeit aufhören.",
        "outro": "Das war's. Vielen Dank!",
        "household": ("Wie viele Personen leben in deinem Haushalt?", ["Nur ich", "2", "3–4", "5 oder mehr"]),
        "spend": ("Wie viel hat dein Haushalt letzte Woche für Essen ausgegeben?", ["Unter 50", "50–100", "100–200", "Mehr als 200"]),
        "decides": "Hast du letzte Woche an den meisten Tagen entschieden, was es zum Abendessen gab?",
        "story": "Erzähl mir vom letzten Mal, als ein Plan fürs Abendessen geplatzt ist.",
        "stress": ("Wie stressig war es letzte Woche, zu entscheiden, was du kochst?", "gar nicht", "sehr"),
        "tools": ("Was davon hast du letzte Woche benutzt?", ["Stift und Papier", "Eine Notiz-App", "Rezeptseiten"]),
        "rank": ("Was hat dich letzte Woche am meisten Zeit gekostet? Bring es in eine Reihenfolge.", ["Aussuchen", "Einkaufen", "Kochen"]),
    },
    "fr": {
        "title": "Les dîners de la semaine",
        "consent": "C'est une courte discussion sur tes dîners. Tu peux arrêter à tout moment.",
        "outro": "C'est tout. Merci beaucoup !",
        "household": ("Combien de personnes vivent dans ton foyer ?", ["Juste moi", "2", "3–4", "5 ou plus"]),
        "spend": ("Combien ton foyer a-t-il dépensé en nourriture la semaine dernière ?", ["Moins de 50", "50–100", "100–200", "Plus de 200"]),
        "decides": "La semaine dernière, est-ce toi qui as décidé du dîner la plupart des jours ?",
        "story": "Raconte-moi la dernière fois qu'un plan de dîner est tombé à l'eau.",
        "stress": ("À quel point était-ce stressant de décider quoi cuisiner la semaine dernière ?", "pas du tout", "très"),
        "tools": ("Lesquels as-tu utilisés la semaine dernière ?", ["Papier et stylo", "Une appli de notes", "Des sites de recettes"]),
        "rank": ("Qu'est-ce qui t'a pris le plus de temps la semaine dernière ? Classe-les.", ["Choisir", "Faire les courses", "Cuisiner"]),
    },
    "pt": {
        "title": "Jantares da semana",
        "consent": "É uma conversa curta sobre os seus jantares. Você pode parar quando quiser.",
        "outro": "É isso. Muito obrigado!",
        "household": ("Quantas pessoas moram na sua casa?", ["Só eu", "2", "3–4", "5 ou mais"]),
        "spend": ("Quanto a sua casa gastou com comida na semana passada?", ["Menos de 50", "50–100", "100–200", "Mais de 200"]),
        "decides": "Na semana passada, foi você quem decidiu o jantar na maioria dos dias?",
        "story": "Me conte a última vez que um plano de jantar deu errado.",
        "stress": ("Quão estressante foi decidir o que cozinhar na semana passada?", "nada", "muito"),
        "tools": ("Quais destes você usou na semana passada?", ["Papel e caneta", "Um app de notas", "Sites de receitas"]),
        "rank": ("O que tomou mais o seu tempo na semana passada? Coloque em ordem.", ["Escolher", "Comprar", "Cozinhar"]),
    },
}  # fmt: skip

# What each respondent types, in order, and what the study should store.
SCRIPTS: dict[str, list[str]] = {
    "en": [
        "yes, sure",
        "four",
        "maybe around 80 or so",
        "yes",
        "I usually just wing it, it's fine.",
        "Last Tuesday my partner got home late, so I threw the chicken I'd planned away and we "
        "ordered pizza for 30 dollars. I was really annoyed because the plan was on the fridge.",
        "a four",
        "pen and paper and recipe websites",
        "Choosing first, then shopping",
    ],
    "es": [
        "sí, de acuerdo",
        "cuatro",
        "entre 50 y 100",
        "sí",
        "Normalmente improviso, está bien.",
        "El martes pasado mi pareja llegó tarde, así que tiré el pollo que había planeado y "
        "pedimos pizza por 30 euros. Me sentí fatal porque el plan estaba en la nevera.",
        "un cuatro",
        "papel y boli y webs de recetas",
        "primero elegir, luego comprar",
    ],
    "de": [
        "ja, gerne",
        "vier",
        "so etwa 80",
        "ja",
        "Normalerweise improvisiere ich, das passt schon.",
        "Letzten Dienstag kam meine Frau spät nach Hause, deshalb habe ich das Hähnchen "
        "weggeworfen und wir haben Pizza für 30 Euro bestellt. Ich war total genervt.",
        "eine Vier",
        "Stift und Papier und Rezeptseiten",
        "zuerst Aussuchen, dann Einkaufen",
    ],
    "fr": [
        "oui, d'accord",
        "quatre",
        "environ 80",
        "oui",
        "D'habitude j'improvise, ça va.",
        "Mardi dernier, mon mari est rentré tard, donc j'ai jeté le poulet prévu et on a "
        "commandé une pizza pour 30 euros. J'étais vraiment énervée parce que tout était prévu.",
        "quatre",
        "papier et stylo et des sites de recettes",
        "d'abord choisir, puis faire les courses",
    ],
    "pt": [
        "sim, claro",
        "quatro",
        "uns 80",
        "sim",
        "Geralmente eu improviso, tá bom.",
        "Na terça passada meu marido chegou tarde, então joguei fora o frango que tinha "
        "planejado e pedimos pizza por 30 reais. Fiquei irritada porque o plano estava na geladeira.",
        "um quatro",
        "papel e caneta e sites de receitas",
        "primeiro escolher, depois comprar",
    ],
}

EXPECTED_VALUES: dict[str, dict[str, object]] = {
    code: {
        "household": _TEXT[code]["household"][1][2],
        "spend": _TEXT[code]["spend"][1][1],
        "decides": True,
        "stress": 4,
        "tools": [_TEXT[code]["tools"][1][0], _TEXT[code]["tools"][1][2]],
        "rank": list(_TEXT[code]["rank"][1]),  # the third one is inferred
    }
    for code in LANGUAGES
}


def study_yaml(code: str) -> str:
    t = _TEXT[code]
    data = {
        "id": f"dinners-{code}",
        "title": t["title"],
        "decision": "Whether to build weekly dinner planning first",
        "language": code,
        "consent": t["consent"],
        "outro": t["outro"],
        "moderator": {"max_follow_ups": 1, "target_depth": 4},
        "questions": [
            {"id": "household", "type": "single_choice", "text": t["household"][0],
             "options": t["household"][1]},
            {"id": "spend", "type": "single_choice", "text": t["spend"][0], "options": t["spend"][1]},
            {"id": "decides", "type": "yes_no", "text": t["decides"]},
            {"id": "story", "type": "open_ended", "text": t["story"]},
            {"id": "stress", "type": "scale", "text": t["stress"][0], "min": 1, "max": 5,
             "min_label": t["stress"][1], "max_label": t["stress"][2]},
            {"id": "tools", "type": "multiple_choice", "text": t["tools"][0],
             "options": t["tools"][1]},
            {"id": "rank", "type": "ranking", "text": t["rank"][0], "items": t["rank"][1]},
        ],
    }  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def study(code: str) -> Study:
    return load_study_text(study_yaml(code), f"dinners-{code}.yaml")
