"""Stored interviews for synthesis tests and benchmarks: scripted chats of the example studies.

Each respondent is driven through a real :class:`Conversation` with the offline moderator
(real store, real moderator), answering from pools of plausible answers so that themes recur
across respondents with varied wording. Seeded: the same seed gives the same interviews.

    ids = run_interviews(store, load_study(path), 12, seed=1)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from interviewer.conversation import Conversation
from interviewer.moderator import Moderator
from interviewer.store import Store
from interviewer.study import MultipleChoice, OpenEnded, Ranking, Scale, SingleChoice, Study, YesNo
from interviewer.study.file import load_study

ROOT = Path(__file__).resolve().parents[2]
STUDIES = {
    "invoice-approvals": ROOT / "studies" / "invoice-approvals.yaml",
    "weekly-meal-planning": ROOT / "studies" / "weekly-meal-planning.yaml",
}
SCRIPT_TAG = "<script>alert('pwned')</script>"
"""Typed by one respondent: reports must show it as text, never run it."""

INVOICE_ANSWERS: dict[str, list[str]] = {
    "role": [
        "I'm the AP lead at a 600-person manufacturer. Last week I spent most of Tuesday chasing approvals for about forty invoices.",
        "I process supplier invoices for our logistics arm. Last week approvals took maybe a third of my time, mostly reminding budget owners by email.",
        "Finance manager. Last Thursday I had to sign off twelve invoices myself because the regional director was travelling.",
        "I work in accounts payable with two colleagues. Monday mornings we go through the approval queue in the ERP and then chase people on Teams.",
        "Controller at a software company. Approvals showed up when an invoice for our cloud bill sat unapproved for nine days last week.",
        "AP clerk. My whole Friday was matching invoices to purchase orders, and three of them did not match so I had to email procurement.",
    ],
    "last_invoice": [
        "A $14,000 invoice from our packaging supplier arrived on the 3rd. I forwarded it to the plant manager, he was on leave, so it sat for six days until I found out who was covering for him.",
        "It came in by email, I keyed it into NetSuite and it went to the department head. She never saw the notification, so I chased her on Slack twice and she approved it on day five.",
        "The invoice didn't match the PO because the supplier added freight. I emailed procurement, they asked the requester, and the approval took eleven days in the end.",
        "Our marketing agency sent it to the wrong inbox. When it reached me I didn't know who owned that budget, so I asked around for two days before the CMO's assistant told me.",
        "It went through the ERP workflow fine, but the approver just approved it from his phone without checking, and we later found a duplicate charge of $2,300.",
        "I printed it, walked it to the operations director and waited by her desk because email reminders never work with her. It took twenty minutes that way instead of a week.",
    ],
    "hardest": [
        "Finding out who is actually allowed to approve it. The approval limits live in a spreadsheet that nobody updates.",
        "Waiting. The approver is always travelling or in meetings and the reminders from the ERP just get ignored.",
        "The purchase order mismatch. Every time the amount is off by a little, it goes back to procurement and stalls.",
        "Chasing people by hand. I send the same reminder email three or four times before anyone reacts.",
        "Missing cost centre coding. Half the invoices come to me without a GL code and I have to guess or ask.",
        "Knowing the status. I can't tell if an invoice is stuck with the approver or with procurement.",
    ],
    "why_hard": [
        "Because the rules about who approves what are in people's heads, and they change whenever someone leaves.",
        "Because approvers don't see approvals as their job, so it always comes last after their real work.",
        "Because our ERP only emails the approver once and never escalates, so the invoice just sits there.",
        "Because procurement and AP use different systems and nobody owns the mismatch.",
        "Because we are a small team and every hour spent chasing is an hour not spent paying suppliers.",
        "Because the supplier keeps calling me about payment while I can do nothing until someone signs.",
    ],
    "workaround": [
        "I built a shared spreadsheet tracking every invoice waiting for approval, and I send it to the CFO every Friday. It works, but it takes me two hours a week.",
        "We set up a weekly reminder in Outlook and a Teams channel where I post the overdue approvals and tag people. Public shaming works better than email.",
        "We gave team leads a backup approver when they travel, written down in the approval matrix spreadsheet. People still forget to tell us when they're away.",
        "Honestly we just call people. I keep a list of phone numbers for the approvers who never read email.",
        "We asked procurement to attach the PO to every invoice before it reaches us, which cut the mismatches a bit.",
        "Nothing formal. I chase by hand and escalate to my manager when something is more than ten days old.",
    ],
    "tool_gaps": [
        "The approval rules are hard-coded by our consultant, so every change to the approval matrix costs us a ticket and two weeks.",
        "The mobile app is clumsy and approvers can't see the PO next to the invoice, so they wait until they're back at a desk.",
        "It reminds approvers, but it can't escalate to a backup when someone is on leave.",
    ],
    "late_payment_story": [
        "Last month we missed a 2% early-payment discount on a $60,000 invoice because it waited nine days for the plant manager. That's $1,200 gone and the CFO asked me why.",
        "A supplier charged a $350 late fee in March because the invoice sat with a director who was on holiday. Nobody outside AP noticed until the fee showed up.",
        "Our biggest logistics supplier put us on credit hold for two days after three late payments. Operations was furious and blamed AP, not the approvers.",
        "We paid a late fee of about $80, small, but the supplier's account manager now calls me every week about every invoice.",
    ],
    "who_else": [
        "Talk to our plant managers; they approve the most invoices and hate the process.",
        "You should speak to procurement, they own the purchase order side and the mismatches.",
        "Maybe our CFO, she set up the approval limits. You didn't ask how we handle disputes with suppliers.",
        "My counterpart at our sister company uses a dedicated AP tool, she'd have a different view.",
    ],
}
INVOICE_PROBES = [
    "It went to the plant manager first. He only found out it was waiting when I messaged him directly on Teams, and it had already been four days.",
    "It sat for eight days in total, and during that time the supplier emailed me twice asking when we would pay.",
    "Last Wednesday it got stuck because the approver asked for the original quote, which nobody could find, so I spent an hour digging through email.",
    "Who else? Mostly procurement and the budget owners. Last week I worked with the facilities manager on a disputed invoice for cleaning services.",
    "I set that up in January after we paid a late fee on a software renewal. My manager was annoyed and asked me to find a way to track approvals.",
    "So far it's working but it depends on me. When I was sick for three days in May nothing got approved and we missed a discount.",
    "It held up the payment run. I had to run a second payment run on Friday just for the invoices that came back approved late.",
    "The last time it got in my way was on Monday: an approver couldn't open the attachment on his phone and approved it two days later from his laptop.",
]

MEAL_ANSWERS: dict[str, list[str]] = {
    "last_week": [
        "On Sunday I planned five dinners, but by Wednesday the kids refused the fish pie so we ordered pizza. Thursday and Friday were just pasta.",
        "Monday I decided at 6pm standing in front of the fridge, which is how most nights go. We ended up with eggs on toast twice.",
        "My partner and I sat down on Saturday with a cookbook and wrote a plan on the fridge. It held until Tuesday when I worked late.",
        "I used the meal-planning app to pick four recipes on Sunday. Then the shopping list was missing half the ingredients, so I went to the shop twice.",
        "Honestly nothing was planned. I bought whatever was on offer on Monday and improvised every evening, and we wasted a lot of vegetables.",
        "The first dinner I remember was Tuesday's stir fry, decided on the bus home because I saw a recipe on Instagram.",
    ],
    "app_gaps": [
        "It suggests recipes with ingredients I never buy and can't learn that my kids hate mushrooms.",
        "The shopping list it makes ignores what's already in my cupboard, so I end up with three jars of cumin.",
        "It assumes I cook every night. When plans change midweek there's no easy way to move a meal.",
    ],
    "hardest": [
        "Deciding what to cook after work when I'm tired and everyone is hungry.",
        "Writing the shopping list. Checking what's at home and what each recipe needs takes ages.",
        "Getting the kids to eat what I planned. Half the week they refuse it and I cook something else.",
        "Sticking to the plan once the week gets busy. By Wednesday it always falls apart.",
        "Shopping. I forget one thing every time and have to go back to the shop.",
        "Finding time to cook at all on the days I work late.",
    ],
    "why_hard": [
        "Because I get home at seven and there's no energy left to think about food.",
        "Because nobody else in the house helps plan, so it's all in my head.",
        "Because the plan I make on Sunday doesn't survive real life: late meetings, football practice, a sick kid.",
        "Because I have to check the fridge, the cupboard and the recipes one by one to write the list.",
        "Because food prices went up and I try to plan around what's on offer, which changes every week.",
        "Because my partner eats vegetarian and the kids don't, so every dinner is two dinners.",
    ],
    "waste_story": [
        "Half a bag of spinach went slimy because we ordered takeaway instead of the curry. About three dollars, but it adds up every week.",
        "A whole chicken I bought for Thursday. We went to my mother's instead and I forgot about it until Sunday. That was twelve dollars in the bin.",
        "Fresh herbs, every single week. I buy a bunch for one recipe and the rest goes off.",
        "Two avocados and some yoghurt after the plan fell apart on Wednesday. I felt guilty throwing them out.",
    ],
    "tried": [
        "Batch cooking on Sundays. I kept it up for three weeks, then football season started and Sundays disappeared.",
        "A meal-planning app with a subscription. I stopped after a month because the shopping list never matched my cupboards.",
        "A recipe rotation: the same ten meals every two weeks. The kids got bored of it quickly.",
        "Grocery delivery every Saturday with the same basket. It saves time but I still waste food midweek.",
        "A whiteboard on the fridge where everyone writes requests. Nobody but me writes anything.",
        "Meal kits for a while. They were great for deciding but far too expensive for a family of four.",
    ],
    "who_else": [
        "My sister has four kids and plans everything in a spreadsheet, she'd be interesting to talk to.",
        "My neighbour shops every day instead of planning, which is the opposite of me.",
        "You didn't ask about budget: what we spend on food changes how I plan.",
        "My colleague uses a meal kit every week, you should ask her why she sticks with it.",
    ],
}
MEAL_PROBES = [
    "I decided on that one on Sunday evening, sitting on the sofa with my phone, scrolling recipes.",
    "My partner had a say, mostly vetoing things. The kids just complain afterwards.",
    "It was Wednesday. I worked late, got home at half seven and we ended up ordering pizza, which cost us thirty dollars.",
    "That evening I ended up making pasta with whatever was in the fridge because I had forgotten to buy the chicken.",
    "It let me down last Sunday when the shopping list left out onions, which half the recipes needed.",
    "It cost maybe ten dollars, but what bothers me more is the guilt of throwing food away.",
    "I kept it up for about a month and stopped when my shifts changed.",
    "They shop every day after work, so they never plan more than one dinner ahead.",
]
WHY_REPLIES = [
    "Because last Tuesday the whole thing took me an hour longer than it should have.",
    "Because it's the same story every week and I've stopped expecting it to get better.",
    "Because it blocked everything else I had planned that afternoon.",
    "Because nobody else noticed, so it didn't feel urgent to anyone but me.",
    "Because it happened twice last week and both times I had to drop what I was doing.",
]

POOLS = {
    "invoice-approvals": (INVOICE_ANSWERS, INVOICE_PROBES),
    "weekly-meal-planning": (MEAL_ANSWERS, MEAL_PROBES),
}


def load_example(study_id: str) -> Study:
    return load_study(STUDIES[study_id])


class ScriptedRespondent:
    """Answers one study's questions from the pools; ``lazy`` ones barely answer at all."""

    def __init__(self, study: Study, index: int, *, seed: int = 0, lazy: bool = False) -> None:
        self.study = study
        self.index = index
        self.lazy = lazy
        self.rng = random.Random(seed * 100_003 + index)
        self.answers, self.probes = POOLS.get(study.id, ({}, INVOICE_PROBES))
        self.spoken: set[str] = set()

    def reply(self, conversation: Conversation) -> str:
        state = conversation.state
        if state.awaiting == "consent":
            return "yes"
        question = self.study.questions[state.question_index]
        if state.awaiting == "why":
            return "no idea" if self.lazy else self.rng.choice(WHY_REPLIES)
        if isinstance(question, OpenEnded):
            if self.lazy:
                return "dunno"
            if question.id in self.spoken:
                return self.rng.choice(self.probes)
            self.spoken.add(question.id)
            pool = self.answers.get(question.id) or self.probes
            answer = pool[(self.index + self.rng.randrange(len(pool))) % len(pool)]
            if question.id == "hardest" and self.index == 2:
                answer = f"{answer} Honestly it makes me want to type {SCRIPT_TAG} into the tool."
            return answer
        return self._closed(question)

    def _closed(self, question: object) -> str:
        screener = getattr(question, "disqualify_if", None)

        def passes(value: object) -> bool:
            return screener is None or not screener.holds(value)

        if isinstance(question, Scale):
            values = [v for v in range(question.min, question.max + 1) if passes(v)]
            return str(self.rng.choice(values))
        if isinstance(question, SingleChoice):
            return self.rng.choice([o for o in question.options if passes(o)])
        if isinstance(question, MultipleChoice):
            count = self.rng.randint(max(1, question.min_selections), min(3, len(question.options)))
            return ", ".join(self.rng.sample(question.options, count))
        if isinstance(question, Ranking):
            return ", ".join(self.rng.sample(question.items, question.rank_count))
        if isinstance(question, YesNo):
            return (
                "yes" if passes(True) and (not passes(False) or self.rng.random() < 0.6) else "no"
            )
        raise TypeError(f"unexpected question {question!r}")


def run_interviews(
    store: Store,
    study: Study,
    count: int,
    *,
    seed: int = 0,
    lazy: Sequence[int] = (),
    stop_early: Sequence[int] = (),
    max_turns: int = 120,
) -> list[str]:
    """Run ``count`` scripted interviews; return their session ids in order.

    Respondents whose index is in ``lazy`` answer "dunno" to every open question (a shallow
    session); those in ``stop_early`` ask to stop after their third message (a partial one).
    """
    moderator = Moderator(study)
    ids: list[str] = []
    for index in range(count):
        respondent = ScriptedRespondent(study, index, seed=seed, lazy=index in lazy)
        conversation = Conversation.begin(store, moderator)
        for turn in range(max_turns):
            if conversation.finished:
                break
            if index in stop_early and turn == 3:
                conversation.send("I need to stop here, sorry.")
                continue
            conversation.send(respondent.reply(conversation))
        ids.append(conversation.session_id)
    return ids
