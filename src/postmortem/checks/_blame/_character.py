"""``blame/character``.

Judgements of character, attention and competence, and lapses with a person as subject
("careless", "forgot to", "ignored the alert").
"""

from __future__ import annotations

from typing import Final

from postmortem.checks._blame._character_gates import (
    _IDIOM_TAILS,
    _IDIOM_VERBS,
    _IDIOMS_RE,
    _SARCASM_MESSAGE,
    _SARCASM_SUGGESTION,
    _another_gate,
    _attribute_gate,
    _character_gate,
    _despite_gate,
    _dismissal_gate,
    _distracted_gate,
    _lapse_gate,
    _neglected_gate,
    _nice_of_gate,
    _no_idea_gate,
    _no_reason_gate,
    _person_subject_gate,
    _praise_gate,
    _rather_gate,
    _regardless_gate,
    _sarcastic_optional_gate,
    _state_gate,
    _still_gate,
    _waved_gate,
    _went_ahead_gate,
)
from postmortem.checks._blame._gates import _person_subject
from postmortem.checks._blame._rule import _always, _k, _Rule

RULES: Final = (
    # ---- character, attention and competence
    _Rule(
        "blame/character",
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|incompeten(?:t|ce|cy)|"
        r"sloppy|sloppiness|lazy|laziness|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|"
        r"inexperienced|inattent(?:ive|ion)|clueless|complacen(?:t|cy|ce)|cavalier|"
        r"rubber[- ]stamp(?:ed|ing|s)?|misguided|dereliction|slipshod|half-assed|"
        r"dropped the ball|asleep at the wheel|without thinking|cut(?:ting)? corners)\b",
        _character_gate,
        "Judges a person's character, care or competence instead of describing conditions.",
        "Describe what the person was working with (information, tools, time, workload) and "
        "what made the risky path easy.",
        keys=_k(
            "careless carelessly carelessness negligent negligently negligence incompetent "
            "incompetence incompetency sloppy sloppiness lazy laziness reckless recklessly "
            "recklessness irresponsible irresponsibly irresponsibility inexperienced inattentive "
            "inattention clueless complacent complacency complacence cavalier rubber misguided "
            "dereliction slipshod assed ball asleep thinking corners"
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:poor|bad|questionable|faulty|flawed|lapse(?:s)? (?:of|in))\s+"
        r"judg(?:e)?ment\b|\b(?:lack(?:ed|s|ing)?\s+(?:of\s+)?(?:the\s+)?|no\s+)"
        r"(?:attention|care|diligence|judg(?:e)?ment|(?:situation(?:al)?\s+)?awareness|"
        r"experience|competence|skills?|discipline|rigou?r|focus|common sense|"
        r"professionalism|ownership|caution)\b",
        _attribute_gate,
        "Attributes the outcome to a person's attention, judgement or experience.",
        "Describe what information, training or support was missing, and what the system "
        "could do to make the right call easier.",
        keys=_k(
            "judgement judgment attention care diligence awareness experience competence skill "
            "skills discipline rigor rigour focus sense professionalism ownership caution"
        ),
    ),
    _Rule(
        "blame/character",
        # People fail *to* do something; failing without "to" is breaking down, which
        # systems do ("checkout failed for some customers").
        r"\b(?:(?:failed|fail|fails|failing)(?=\s+to\b)|forgot|forget|forgets|"
        r"forgetting|neglected|neglect|neglects|neglecting|omitted|missed|ignoring|"
        r"skipping|bypassing|"
        r"overlooked|misjudged|misjudges|ignored|ignores|ignore|bothered|bother|"
        r"skipped|bypassed|circumvented|disappeared|vanished|went missing|went afk|"
        r"went back to sleep|went back to bed|hurriedly|hastily|rashly|blindly|rushed|rushing)\b",
        _lapse_gate,
        "Attributes the outcome to a person's lapse or choice rather than to the conditions around it.",
        "Describe what the process or tooling did not prompt or prevent, and what made the step easy to miss.",
        keys=_k(
            "failing forgetting neglecting missed ignoring skipping bypassing failed fail fails "
            "forgot forget forgets neglected neglect neglects omitted overlooked misjudged "
            "misjudges ignored ignores ignore bothered bother skipped bypassed circumvented "
            "disappeared vanished missing afk sleep hurriedly hastily rashly blindly rushed "
            "rushing"
        ),
    ),
    _Rule(
        "blame/character",
        r"\bdid(?:n't| not)\s+bother\b|\b(?:had|have|has)\s+(?:any|no)\s+idea\s+what\b",
        _no_idea_gate,
        "Judges whether people cared or knew what they were doing.",
        "Describe what the people involved knew at the time and what would have helped them.",
        keys=_k("bother idea"),
    ),
    _Rule(
        "blame/character",
        r"\bafterthought\s+(?:for|to|of|by)\s+[\w\s-]{0,30}?\b(?:team|folks|engineers|developers|ops|devs)\b",
        _always,
        "Judges a team's priorities rather than the pressures that shaped them.",
        "Describe the trade-offs and incentives the team worked under.",
        keys=_k("afterthought"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|got|seemed|looked|being)\s+(?:\w+\s+)?(?:distracted|not\s+paying\s+attention|"
        r"not\s+focused|unfocused|half\s+asleep)\b|\b(?:wasn't|weren't|not)\s+paying\s+attention\b|"
        r"\bhalf-?baked\b|\bshoddy\b|\bslapdash\b|\bhaphazard(?:ly)?\b|\bamateurish\b|\bboneheaded\b",
        _distracted_gate,
        "Judges a person's attention or the quality of their work instead of describing conditions.",
        "Describe what competed for the person's attention and what the tooling did to surface the signal.",
        keys=_k(
            "distracted paying focused unfocused asleep half baked halfbaked shoddy slapdash "
            "haphazard haphazardly amateurish boneheaded"
        ),
    ),
    # ---- ignoring warnings and losing track: judgements of a person's conduct
    _Rule(
        "blame/character",
        r"\b(?:carried\s+on|went\s+ahead|pressed\s+on|ploughed\s+on|plowed\s+on|proceeded|continued|"
        r"pushed\s+ahead|pushed\s+on|deployed|merged|shipped)\s+(?:[\w-]+\s+){0,3}?(?:anyway|regardless|"
        r"nonetheless|anyhow|all\s+the\s+same)\b",
        _person_subject,
        "Says a person went on regardless of a warning: a judgement of their conduct, not an account "
        "of what made going on look reasonable.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k(
            "carried went pressed ploughed plowed proceeded continued pushed deployed merged shipped",
            "anyway regardless nonetheless anyhow same",
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:despite|in\s+spite\s+of)\s+(?:being\s+(?:warned|told|asked|reminded)|"
        r"(?:(?:the|our|their|his|her|repeated|several|multiple|clear|explicit|two|three)\s+){1,2}"
        r"(?:warnings?|reminders?|objections?))\b",
        _despite_gate,
        "Says a person acted despite warnings: it judges their conduct.",
        "Describe what the warnings looked like at the time and why they did not change the plan.",
        keys=_k("despite spite", "warned told asked reminded warning warnings reminder reminders objection objections"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:got|became|was|were|seemed|looked)\s+(?:(?:very|really|a\s+bit|quite|completely|totally)\s+)?"
        r"(?:confused|flustered|complacent|overconfident|rattled|clueless|lazy)\b"
        r"|\b(?:misread|misjudged|misunderstood|misinterpreted|panicked)\b",
        _state_gate,
        "Attributes the outcome to a person's state of mind or misreading, not to what they were shown.",
        "Describe what the person was looking at and what made it easy to read the wrong way.",
        keys=_k("got became was were seemed looked misread misjudged misunderstood misinterpreted panicked"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|got|had\s+been|has\s+been|have\s+been|being)\s+(?:(?:simply|just|completely|again|"
        r"repeatedly|largely|mostly)\s+)?(?:ignored|overlooked|disregarded|neglected|dismissed|skipped|"
        r"(?:not|never)\s+(?:followed|acted\s+on|carried\s+out|read|heeded|watched|checked)|"
        r"not\s+being\s+(?:watched|followed|checked))\b",
        _neglected_gate,
        "Says a warning or a procedure was ignored or not followed: it judges whoever did not, "
        "even though the sentence names no one.",
        "Describe what made the warning easy to miss or the step easy to skip at the time (noise, "
        "time pressure, an unclear owner).",
        keys=_k(),
    ),
    _Rule(
        "blame/character",
        r"\b(?:half[-\s]asleep|asleep\s+at\s+the\s+wheel|"
        r"(?:got|get|gets|getting|was|were|became|seemed|grew)\s+(?:\w+\s+)?"
        r"(?:distracted(?!\s+by\b)|impatient)|"
        r"(?:lost|lose|loses|losing)\s+(?:\w+\s+)?(?:focus|concentration|head)|"
        r"zon(?:ed|es|ing|e)\s+out|(?:not|n't)\s+paying\s+(?:\w+\s+)?attention|"
        r"did\s+not\s+(?:\w+\s+)?understand|didn't\s+(?:\w+\s+)?understand|"
        r"lacked\s+(?:the\s+)?(?:experience|skills?|knowledge|judge?ment|competence)|"
        r"out\s+of\s+(?:his|her|their|my|our|your)\s+depth|on\s+autopilot|(?:had|has|have)\s+no\s+clue|"
        r"(?:was|were|is|are)\s+not\s+(?:attentive|focused|concentrating)|(?:wasn't|weren't)\s+(?:watching|attentive|"
        r"focused|concentrating|paying)|(?:did\s+not|didn't)\s+know\s+the\s+difference)\b",
        _person_subject_gate,
        "Puts the outcome on a person's attention or competence rather than on the conditions they worked in.",
        "Describe the situation the person was in (fatigue, workload, interruptions, what the "
        "tools showed) and what would make the task safe under those conditions.",
        keys=_k(
            "asleep distracted impatient focus "
            "concentration head zoned zones zoning zone attention understand experience skill skills "
            "knowledge judgment judgement competence depth autopilot clue attentive focused concentrating "
            "watching paying difference"
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:(?:did|does|do)\s+nothing\s+about|brush(?:ed|es|ing)?\s+(?:\w+\s+){0,3}?(?:off|aside)|"
        r"wav(?:ed|es|ing|e)\s+(?!(?:the\s+|those\s+|our\s+|all\s+)?(?:guests|passengers|customers|visitors|skiers|people|riders|fans)\b)(?:\w+\s+){0,3}?through|click(?:ed|s|ing)?\s+(?:straight\s+)?through|"
        r"shrug(?:ged|s|ging)?\s+off|dismiss(?:ed|es|ing)?\s+(?:[\w\x22'-]+\s+){0,6}?as\s+(?:flaky|noise|noisy|spam|a\s+(?:false|known|test|glitch|fluke))|"
        r"sat\s+on\s+(?:it|the\s+\w+)|"
        r"(?:deployed|pushed|merged|shipped|released|went\s+ahead|carried\s+on|proceeded|continued|pressed\s+on)"
        r"\s+(?:\w+\s+){0,3}?(?:regardless|anyway))\b",
        _waved_gate,
        "Says a person ignored a warning, which judges the person rather than the signal.",
        "Describe what made the warning easy to discount at the time (noise, earlier false "
        "alarms, time pressure) and what would make it stand out.",
        keys=_k("nothing off aside through flaky noise noisy false sat regardless anyway spam known test glitch fluke"),
    ),
    # ---- sarcasm: praise aimed at a person, with a sign that it mocks
    _Rule(
        "blame/character",
        r"^\W*(?:[\w-]+\s+){0,2}?(?:thanks|thank\s+you|kudos|congrats|congratulations|"
        r"bravo|hats\s+off|props|cheers|(?:great|good|nice|fine)\s+(?:job|work)|well\s+done|full\s+marks|"
        r"top\s+marks|bonus\s+points|a\s+round\s+of\s+applause|shout-?out)\b",
        _praise_gate,
        "Praise that mocks a person or a team for what went wrong: sarcasm blames as plainly as an accusation.",
        "Say plainly what happened and what made it possible; thank people for what helped.",
        keys=_k(
            "thanks thank kudos congrats congratulations bravo hats props cheers job work done marks points "
            "applause shout shoutout"
        ),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:nice|kind|good|thoughtful)\s+of\s+(?:the|our|them|him|her)\b",
        _nice_of_gate,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("nice kind good thoughtful", "of"),
    ),
    _Rule(
        "blame/character",
        # Not "Who needs to be told when ...?" (round 13): a question about a duty, not sarcasm.
        r"^\W*who\s+needs\s+(?!to\s)(?:[\w-]+\s+){1,4}?when\b|^\W*why\s+bother\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("who why", "needs bother"),
    ),
    _Rule(
        "blame/character",
        r"\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong\b|\bstroke\s+of\s+genius\b|\btruly\s+inspired\b"
        r"|\b(?:had|has|have)\s+the\s+(?:brilliant|bright|genius)\s+idea\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("wrong genius inspired idea"),
    ),
    _Rule(
        "blame/character",
        r"^\W*another\s+(?:fine\s+example|masterclass|masterpiece|triumph|banner\s+day|proud\s+moment)\b",
        _another_gate,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("another", "example masterclass masterpiece triumph day moment"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:is|are|was|were)\s+(?:now\s+|just\s+|merely\s+|apparently\s+|clearly\s+)?(?:optional|"
        r"(?:purely\s+)?decorative|(?:just\s+)?decoration|more\s+of\s+a\s+suggestion|a\s+suggestion)\b",
        _sarcastic_optional_gate,
        "Mocks the people who skipped a safeguard by calling it optional: sarcasm that blames.",
        "Describe what made the step easy to skip at the time, and what would make it hard to skip.",
        keys=_k("optional decorative decoration suggestion"),
    ),
    # ---- ignored warnings, with any verb
    _Rule(
        "blame/character",
        r"\b(?:anyway|regardless|anyhow|nonetheless|nevertheless)\b(?!\s+of\b)",
        _regardless_gate,
        "Says someone went on regardless of a warning: a judgement of their conduct, not an account "
        "of what made going on look reasonable.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k("anyway regardless anyhow nonetheless nevertheless"),
    ),
    _Rule(
        "blame/character",
        # "instead of checking" is read by a named-person rule.
        r"\brather\s+than\s+(?:\w+ing)\b",
        _rather_gate,
        "Sets what a person did against what they did not do, which judges the choice with hindsight.",
        "Describe why the option taken looked right at the time and what the other one would have cost.",
        keys=_k("rather"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:warned|told|reminded|cautioned)\b[^.;?!]{0,120}?\b(?:and|but)\s+(?:(?:still|then|just|nevertheless|"
        r"they|he|she|we)\s+){0,2}(?:went\s+ahead|carried\s+on|pressed\s+on|proceeded|decided|chose|kept|"
        r"did\s+nothing|ignored|ran|deployed|pushed|merged|shipped|rolled)\b",
        _person_subject_gate,
        "Says a person was warned and went on: a judgement of their conduct.",
        "Describe what the warning looked like at the time and why it did not change the plan.",
        keys=_k("warned told reminded cautioned"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:nobody|no\s+one|no-one)(?:\s+(?:on|in|from|at)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:team|desk|squad|side|"
        r"group|shift|crew))?\s+(?:ever\s+|actually\s+|even\s+|really\s+)?(?:acted\s+on|lifted\s+a\s+finger|"
        r"followed\s+up|did\s+anything|bothered|took\s+(?:it|them|this|that)\s+seriously|read|heeded|"
        r"(?<=\bnot\s)take\s+(?:it|them|this|that)\s+serious(?:ly)?|"
        r"picked\s+(?:it\s+)?up)\b|\b(?:we|they|he|she)\s+(?:just\s+|simply\s+)?did\s+nothing\b(?!\s+(?:wrong|to\s+(?:earn|deserve|cause|provoke|warrant)))"
        r"|\b(?:chose|decided|opted)\s+to\s+(?:do\s+nothing|wait|look\s+the\s+other\s+way|leave\s+it|sit\s+on)\b",
        _no_reason_gate,
        "Says people did nothing about a known problem: a judgement of their conduct.",
        "Describe what made the problem look less urgent than it was, and who owned acting on it.",
        keys=_k(),
    ),
    _Rule(
        "blame/character",
        _IDIOMS_RE,
        _dismissal_gate,
        "Says a warning or a known problem was waved away: it judges whoever did it, not what made "
        "waving it away look reasonable.",
        "Describe what the warning looked like at the time (noise, earlier false alarms, time "
        "pressure, an unclear owner) and what would make it stand out.",
        keys=_k(_IDIOM_VERBS.replace("-", " "), _IDIOM_TAILS),
    ),
    _Rule(
        "blame/character",
        r"\b(?:failing|failings|failure|lapse|lapses|lack\s+of\s+[\w-]+|negligence|shortcoming|shortcomings|"
        r"oversight|carelessness|error|errors|mistake|mistakes)\s+(?:[\w-]+\s+){0,2}?on\s+the\s+part\s+of\b",
        _always,
        "Puts a failing on the part of people: a judgement of them, in the register of a report.",
        "Describe the conditions those people worked under and what would make the safe path the default.",
        keys=_k("part"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:saw|seen|told|warned|reminded|cautioned|knew|aware|flagged|noticed|acknowledged|"
        r"in\s+front\s+of\s+(?:him|her|them|us|me))\b[^.;?!]{0,120}?\b(?:and|but|yet)\s+(?:(?:he|she|they|we|then)\s+)?"
        r"still\s+(?:\w+ly\s+)?(?P<verb>[\w-]+)",
        _still_gate,
        "Says a person knew of a warning and went on: a judgement of their conduct.",
        "Describe what the warning looked like at the time and why it did not change the plan.",
        keys=_k("still"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:went\s+ahead|carried\s+on|pressed\s+on|ploughed\s+on|plowed\s+on|proceeded|continued|pushed\s+ahead|"
        r"went\s+out|shipped|merged|deployed)\s+(?:[\w-]+\s+){0,4}?(?:although|even\s+though|over\s+the\s+objections?)\b"
        r"|\bover\s+the\s+(?:\w+\s+)?objections?\s+of\b",
        _went_ahead_gate,
        "Says the change went ahead over a warning or an objection: a judgement of whoever let it.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k("although though objection objections"),
    ),
)
