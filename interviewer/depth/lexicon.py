"""Word lists and patterns the offline depth scorer reads answers with (see ``depth.py``).

Hand-written from the depth rubric and the Mom Test, not fitted to any data set: a term is
here because it marks a signal in general English, not because it helps a benchmark. Kept as
space-separated strings so reviewers can scan them. English only (``FOREIGN`` exists to notice
when an answer is not English). Patterns match lowercased text: lowercasing once is several
times faster than ``re.IGNORECASE`` on alternations this long.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH = _words(
    "the and i to a of it is in we my that was for on with you but they have this so at our "
    "be not just me are had when because like do what it's i'm don't didn't there all can "
    "would about if or an get got us them their one did were been"
)
# Function words that are frequent in other Latin-script languages but rare in English.
FOREIGN = _words(
    "el los las que del por para con una pero muy yo es lo se y en la de al como tengo fue "
    "cuando porque le les des est et je une pas pour dans avec mais très nous vous il elle "
    "qui ce sur du au j'ai c'est der die das und ist nicht ich wir ein eine mit auf für zu "
    "sie den dem aber sehr habe weil os um não eu muito é em do da foi che non di è per sono "
    "ho mi het een van ik niet dat voor maar"
)
EVASIVE = _words(
    "idk dunno dno i no nope nothing none n a na k ok okay hmm hm hmmm whatever lol haha "
    "lmao blah test sorry man really please to what wat um uh er yeah it this that one next "
    "thanks thank you honestly just"
)
EVASIVE_PHRASES = re.compile(
    r"\b(?:(?:i )?(?:do not|don't|dont) (?:know|remember|recall)|not sure|no idea|no comment|"
    r"(?:i'd |i would )?(?:rather|prefer) not(?: to)?(?: say| answer| share| talk about it)?|"
    r"(?:i )?can't (?:say|share|talk about (?:it|that))|(?:that's|its|it's) (?:private|"
    r"confidential|personal)|next question|skip(?: this)?|pass)\b",
)
IRREGULAR_PAST = _words(
    "was were had did went got took made spent lost paid bought sent told said found thought "
    "felt left came saw ran broke wrote built gave kept began brought chose forgot hit hurt "
    "put quit sold taught caught fell drove ate became held heard knew led meant met read "
    "rode rose sat slept spoke stood stuck swore threw understood woke won wore withdrew "
    "didn't wasn't weren't couldn't hadn't shut set cost let overslept"
)
# Words ending in -ed that are not past-tense verbs (or not events).
NOT_PAST = _words(
    "need needed speed feed seed indeed bed red shed weed exceed proceed succeed based "
    "related interested supposed used limited detailed advanced automated biased tired "
    "concerned excited embed hundred kindred sacred wicked naked allowed"
)
TOOLS = _words(
    "slack jira confluence notion excel salesforce hubspot zendesk intercom stripe "
    "quickbooks xero netsuite sap oracle workday github gitlab bitbucket jenkins aws azure "
    "gcp heroku docker kubernetes k8s terraform postgres mysql redis kafka datadog sentry "
    "npm figma zoom outlook gmail google microsoft apple canvas blackboard moodle epic "
    "turbotax chase venmo paypal amazon shopify etsy ebay tiktok instagram facebook "
    "linkedin whatsapp netflix hulu disney spotify youtube uber lyft airbnb expedia costco "
    "walmart target instacart doordash ikea nike ups fedex dhl iphone android tableau "
    "trello asana airtable zapier chatgpt"
)
ROLES = _words(
    "manager boss cto ceo cfo coo vp director lead founder cofounder wife husband partner "
    "son daughter kid kids mom mum dad mother father sister brother friend neighbour "
    "neighbor doctor gp nurse pharmacist dentist surgeon accountant landlord teacher "
    "principal student students customer customers client clients controller recruiter "
    "colleague coworker intern contractor engineer developer auditors auditor champion "
    "rep reps team ta tas"
)
MONTHS = _words(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
DAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday weekend yesterday tonight today"
)
NUMBER_WORDS = _words(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty hundred thousand million dozen half couple"
)
MONTH_RE = "|".join(sorted(MONTHS - {"mar", "may"}))
DAY_RE = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
SEASON_RE = "spring|summer|autumn|fall|winter"

WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
MID_SENTENCE_CAPITAL = re.compile(
    r"(?<=[a-z0-9,;:)%'\"] )(?!I\b|I'|OK\b|A\b)[A-Z][a-zA-Z0-9+&]*(?:\.[a-zA-Z0-9]+)*"
)
"""A capitalised word after a lowercase word, comma or number: a name, not a sentence start."""
LIST_MARKER = re.compile(r"(?:^|(?<=\s))\d[.)](?=\s)")
"""``1.`` or ``2)`` numbering a list: structure, not a quantity."""
NUMBER = re.compile(r"[$€£]\s?\d|\d+(?:[.,:]\d+)*\s?(?:%|k\b|m\b)?")
PAST_ANCHOR = re.compile(
    rf"\b(?:yesterday|last (?:week|month|year|night|time|quarter|sprint|weekend|{SEASON_RE}|"
    rf"{DAY_RE}|{MONTH_RE}|may)|(?:\w+|a|an) (?:days?|weeks?|months?|years?) ago|"
    rf"the other day|this (?:morning|past|{MONTH_RE})|earlier (?:today|this \w+)|back in|"
    rf"(?:in|on|during|for|by|before) (?:the )?(?:{MONTH_RE}|may|(?:19|20)\d\d|q[1-4]|"
    rf"{DAY_RE})|when (?:i|we|my|our|she|he|they) \w+ed\b|one time|once(?=[,.;!])|the first time|"
    rf"black friday|christmas|new year|the week before|the night before|that (?:day|week|"
    rf"morning|night)|(?<!every )(?:{DAY_RE})\b)",
)
TIME = re.compile(
    rf"\b(?:\d{{1,2}}(?::\d\d)?\s?(?:am|pm)|(?:19|20)\d\d|q[1-4]|day \d+|"
    rf"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|couple of|several) "
    rf"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|quarters?|sprints?)|"
    rf"yesterday|tonight|this morning|last (?:\w+)|ago|(?:{DAY_RE})s?|(?:{MONTH_RE})|"
    rf"(?:in|last|this|since) may|(?:{SEASON_RE})|morning|afternoon|evening|overnight)\b",
)
CAUSAL = re.compile(
    r"\b(?:because|bc|cuz|coz|cause|since(?! then)|so that|that's why|thats why|which is why|"
    r"which (?:meant|means|caused)|that meant|due to|as a result|caused|led to|the reason|"
    r"therefore|turned out|pointed to|so (?:i|we|they|she|he|it|the|our|my|now|nobody|if|when|"
    r"everyone|people)|otherwise|which causes|thanks to|in order to|that's what|"
    r"(?:made|makes|make) (?:me|us|it|them|you) \w+|help(?:s|ed)? (?:me|us|to)|because of)\b",
)
EMOTION = re.compile(
    r"\b(?:frustrat\w*|annoy\w*|angry|furious|mad at|upset|stress\w*|panic\w*|terrified|"
    r"scared|scary|afraid|worried|anxious|nervous|embarrass\w*|ashamed|shame|guilty|awful|"
    r"terrible|horrible|nightmare|hated?|cried|crying|in tears|tears|shaking|helpless|"
    r"exhausted|burn(?:ed|t)? out|demoralis\w*|demoraliz\w*|crushing|crushed|devastat\w*|"
    r"heartbroken|relieved|gutted|miserable|dread\w*|uncomfortable|overwhelmed|"
    r"disappointed|humiliat\w*|felt (?:sick|bad|awful|terrible|stupid|like)|sick about|"
    r"couldn't sleep|didn't sleep|lost sleep|drove me (?:crazy|nuts)|worst|"
    r"hurt|freaked|freaking out|pissed|livid|desperate|mortified|sad|hopeless|powerless|"
    r"distraught|fed up)\b|"
    r"[😭😡😤😬😱😰😩😞😢🤬😠😫😖😣🙄😑]",
)
WORKAROUND = re.compile(
    r"\b(?:work ?around|workaround|ended up|instead|manually|by hand|spreadsheet|script|"
    r"hack|switched to|moved (?:to|everything)|went back to|rolled back|roll(?:ed)? ?back|"
    r"reran|rerun|retr(?:y|ies|ied)|backup|back-up|now (?:i|we)|since then|from then on|"
    r"after that|started (?:using|doing|to)|gave up|had to (?:call|run|find|email|write|set|"
    r"redo|float|tell|restart|refund|pay)|copy[- ]?paste|double[- ]check|cross[- ]check|"
    r"fixed|patched|set up|built an?|wrote an?|quarantine\w*|as a backup|so it never)\b",
)
COST = re.compile(
    r"\b(?:cost|costs|costing|paid|paying|lost|losing|wasted?|fee|fees|fined|penalty|"
    r"refunds?|refunded|overtime|missed|delayed|slipped|blocked|churn\w*|threatened|late|"
    r"outage|took down|went down|down for|couldn't afford|out of pocket|over budget|"
    r"breach|suspended|let (?:him|her|them) go|fired|quit|cancel+ed|"
    r"failed|owed|nearly|almost|"
    r"complain\w*|whole (?:day|weekend|night|afternoon|morning)|overnight)\b|"
    r"[$€£]\s?\d[\d,.]*\s?k?\b",
)
GENERIC = re.compile(
    r"\b(?:usually|usualy|normally|generally|typically|always|allways|often|most of the time|"
    r"every (?:time|day|week|month)|evry \w+|tend to|i guess|it depends|depends|it's fine|"
    r"its fine|is fine|it's ok|it's okay|works fine|fine for the most part|not bad|pretty "
    r"(?:good|smooth|easy)|like everyone|like most|everyone (?:does|hates|knows)|all the "
    r"time|sometimes|regularly|best practices|(?:i|we) try to|i just|we just)\b",
)
HYPOTHETICAL = re.compile(
    r"\b(?:(?:i|we|you|they|people|students|companies)(?:'d| would) (?!have been|(?:only|"
    r"never|already|just) \w+ed)|would (?:definitely|probably|totally|be|love|use|pay|help|"
    r"want)|if (?:i|we|it|they) (?:had|could|was|were|did|would)|if i could|i might|"
    r"(?:i|we)(?:'ll| will) (?!never)|gonna|going to|in the future|some ?day|at some point|"
    r"i can see|i think (?:a lot of|most|people|students|companies)|should probably|"
    r"could (?:really )?(?:help|be)|might be|take my money)",
)
COMPLIMENT = re.compile(
    r"\b(?:great idea|good idea|cool idea|love (?:it|this|the idea|that)|sounds (?:great|"
    r"awesome|amazing|good|cool|interesting|like a great)|amazing|awesome|brilliant|"
    r"fantastic|take my money|onto something|nice (?:idea|work)|well done|game ?changer|"
    r"super (?:cool|helpful|useful)|really (?:valuable|useful|helpful|cool)|would love)\b|"
    r"[😍🔥👍❤🙌👏🤩💯]",
)
OFF_TOPIC = re.compile(
    r"\b(?:ignore (?:all |the )?(?:previous|prior|above) instructions|system prompt|"
    r"tell me a joke|talk about something else|this is boring|who are you|are you a "
    r"(?:bot|robot|human|real)|what is this for|buy now|click here)\b|https?://|www\.",
)
DETERMINERS = _words("my our the their his her a your")
"""Before a role noun, these make it a person in the story ("my manager", "our CTO")."""
FIRST_PERSON = _words("i we my our me us i'm i've i'd we've we're i'll mine ours")
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouy")
QUESTION_STOP = ENGLISH | _words(
    "tell how what why which your you last time about walk through think makes make did "
    "does currently today how's deal keep end up choosing chose current new"
)
