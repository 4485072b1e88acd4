"""``blame/named-person``: a person, named or by role, presented as the cause."""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._choices import _choice_gate, _insider_subject, _skipped_gate
from postmortem.checks._blame._denial import undenied_fault_gate
from postmortem.checks._blame._gates import _landed_on_person_gate, _person_follows_gate, _person_subject
from postmortem.checks._blame._named_person_gates import (
    _ACTION_VERBS,
    _DUTY_FORMS,
    _HARM_FOLLOWS_MESSAGE,
    _HARM_FOLLOWS_SUGGESTION,
    _HARM_VERB_FORMS,
    _HARMFUL_FORMS,
    _INCIDENT,
    _INCIDENT_WORDS,
    _PASSIVE_AGENT_FORMS,
    _SWITCH_OFF_RE_TEXT,
    _UNILATERAL_RE,
    _UNILATERAL_WORDS,
    _accountable_gate,
    _causal_person_gate,
    _complement_gate,
    _culprit_frame_gate,
    _culprit_gate,
    _culprit_possessive_gate,
    _harm_follows_gate,
    _harm_named_follows_gate,
    _harmful_act_gate,
    _override_gate,
    _passive_agent_gate,
    _person_subject_gate,
    _person_verb_gate,
    _possessive_gate,
    _possessor_gate,
    _risky_action_gate,
    _switched_off_gate,
    _unilateral_gate,
    _wrong_target_gate,
)
from postmortem.checks._blame._rule import _k, _Rule

RULES: Final = (
    # ---- person named (or by role) as the cause
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+(?:'s|’s|s')\s+(?:[\w-]+\s+){0,2}(?:change|mistake|error|typo|commit|"
        r"push|deploy|deployment|decision|code|config|script|command|pr|pull request|"
        r"fault|slip|oversight|edit|query|patch|fix|migration|action|choice|blunder|rollout|"
        r"release|upgrade|update|merge|cleanup|refactor|rewrite|implementation|"
        r"review|screw-?up|hotfix|tweak|job|flag|setting|rule|branch|build|plan|design|diff)s?\b"
        r"(?=[^.?!]*\b(?:took|takes|take|caused|causes|broke|"
        r"breaks|brought|led|leads|triggered|cost|costs|resulted|is what|was what|let|"
        r"turned|knocked|wiped|introduced|made|started|deleted|dropped|removed|destroyed|"
        r"corrupted|killed|overwrote|truncated|is\s+why|was\s+why|is\s+the\s+reason|"
        r"was\s+the\s+reason|is\s+to\s+blame|was\s+to\s+blame)\b)",
        _possessive_gate,
        "Names a person's action as the cause of the incident.",
        "Describe the change and the path it took to production, and ask which safeguard could have stopped it.",
        keys=_k(
            "'s",
            "took takes take caused causes broke breaks brought led leads triggered cost costs "
            "resulted what let turned knocked wiped introduced made started deleted dropped removed "
            "destroyed corrupted killed overwrote truncated why reason blame",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:it\s+(?:was|is)|'s)\s+[\w@-]+(?:'s|’s)\s+fault\b|\bfault\s+of\s+[\w@]+",
        undenied_fault_gate,
        "Assigns fault to a person.",
        "Describe what happened and which conditions made it possible, without assigning fault.",
        keys=_k("fault"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:broke|breaks|caused|causes|misconfigured|misconfigures|messed up|"
        r"screwed up|botched|fat-?fingered|took\s+down|brought\s+down|knocked\s+over|"
        r"took\s+(?:\w+\s+)?(?:too|way too|far too)\s+long|was\s+(?:too\s+)?slow\s+to|"
        r"introduced\s+(?:the|a|this)\s+(?:bug|regression|error|typo|outage)|hard-?coded|leaked)\b",
        _person_verb_gate,
        "Names a person, by name or by role, as the cause of the incident.",
        "Describe the action as one event among the conditions that let it cause harm, for "
        "example 'A change to X reached production without Y'.",
        keys=_k(
            "broke breaks caused causes misconfigured misconfigures messed screwed botched fat "
            "fingered fatfingered took brought knocked long slow introduced hardcoded hard coded leaked"
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:by\s+(?:mistake|accident)|accidentally|mistakenly|inadvertently|wrongly|"
        r"erroneously|unintentionally)\b",
        _person_subject,
        "Presents a slip as something a named or role-identified person did, putting them at the centre of the cause.",
        "Describe the slip without an actor ('a command intended for staging ran against "
        "production') and ask what made the two targets easy to confuse.",
        keys=_k("mistake accident accidentally mistakenly inadvertently wrongly erroneously unintentionally wrong"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:did(?:n't| not)|never)\s+(?:even\s+|once\s+|actually\s+)?(?:" + "|".join(_DUTY_FORMS) + r")\b"
        r"|\bnever\s+(?:got|get|gets|getting)\s+(?:a)?round\s+to\b",
        _choice_gate,
        "Frames the incident around something a person did not do.",
        "Describe what the procedure or tooling did not require or check, and what made the step easy to skip.",
        keys=_k("didn't did never"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwithout\s+(?:(?:first|even|properly|ever)\s+)?(?:approval|permission|sign-?off|"
        r"review|authori[sz]ation|asking|waiting|checking|testing|telling|running|"
        r"verifying|confirming|consulting|informing|notifying|reading|looking|"
        r"following|a review|any review|any testing)\b|\binstead\s+of\s+\w+ing\b|"
        r"\b(?:despite|ignoring)\s+(?:the\s+|a\s+|an\s+|repeated\s+|multiple\s+|several\s+)?"
        r"(?:[\w-]+\s+)?(?:warnings?|alerts?|alarms?|objections?|concerns?|advice|instructions?|"
        r"policy|freeze|failing|failed|red)\b",
        _skipped_gate,
        "Frames a person's choice to skip a step as the cause.",
        "Describe why the step was skippable and what pressures made skipping it reasonable at the time.",
        keys=_k("without instead despite ignoring"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwith\s+(?:zero|no|little)\s+(?:prior\s+)?(?:notice|warning|heads[- ]up|coordination)\b"
        r"|\bwithout\s+(?:any\s+|prior\s+|a\s+)?(?:heads[- ]up|notice|warning|word|change\s+notice|version\s+bump|"
        r"coordination)\b",
        _insider_subject,
        "Presents a person or a team acting with no notice as the cause, putting them at the centre of it.",
        "Describe what the change was, how the teams it touched could have known, and what would make "
        "that notice part of the process.",
        keys=_k("with without", "notice warning heads coordination word bump"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:disabled|silenced|muted|suppressed|commented out|overrode|forced)\b"
        r"(?=[^.?!]*\b(?:so that|so the|just to|to get|to make|in order to)\b)",
        _override_gate,
        "Presents a person's workaround as the cause.",
        "Describe what pressure made the workaround attractive and what would make the safe path quicker.",
        keys=_k("disabled silenced muted suppressed commented overrode forced", "so just to in"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:cause|culprit|point\s+of\s+failure)(?:\s+of\s+[^:]{0,60}?)?(?:\s+(?:here\s+)?(?:was|is)\b|\s*:)|"
        r"\bbecause\b|\bdue\s+to\b|"
        r"\bcaused\s+by\b|\bas\s+a\s+result\s+of\b|"
        # When the incident started, and what it traces back to, name its cause too.
        r"\b(?:began|begun|started|starts|happened|occurred|kicked\s+off)\s+when\b|"
        r"\btraced?\s+(?:back\s+)?to\b|\btraces\s+(?:back\s+)?to\b|\bstem(?:s|med)?\s+from\b|"
        r"\b(?:comes|came)\s+down\s+to\b|\b(?:went\s+down|fell\s+over|broke|crashed|"
        r"failed|stopped\s+working)\s+(?:\w+\s+){0,3}?(?:after|when)\b|"
        # Since round 7, more ways to say what the incident came from: "is down to", "goes back
        # to", "came from", "was set off by", "all thanks to", "began once".
        r"\b(?:is|was|'s)\s+(?:all\s+|entirely\s+|largely\s+)?down\s+to\b|\b(?:goes|go|went|going)\s+back\s+to\b|"
        r"\b(?:came|comes)\s+from\b|\b(?:set\s+off|sparked|kicked\s+off)\s+by\b|\b(?:all\s+)?thanks\s+to\b|"
        r"\b(?:began|begun|started)\s+once\b",
        _causal_person_gate,
        "Names a person's action as the cause.",
        "Describe the conditions that let the action cause the outage, and leave out who performed it.",
        keys=_k(
            "cause culprit failure because due caused result began begun started starts happened occurred kicked "
            "trace traced traces stem stems stemmed comes came after when down back set sparked thanks once",
            " ".join(sorted(_ACTION_VERBS)),
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:blame|fault|responsibility)\s+(?:for\s+[^,.;]{1,40}?\s+|here\s+)?(?:lies|lay|rests|rested|"
        r"falls|fell|sits|sat|is|was)\s+(?:squarely\s+|entirely\s+|solely\s+)?(?:with|on)\s+",
        _person_follows_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("blame fault responsibility", "with on"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:it|this|that)(?:\s+one)?(?:'s|\s+is|\s+was)\s+(?:all\s+|entirely\s+|squarely\s+|firmly\s+)?on\s+",
        _person_follows_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("on", "it's that's it this that one's", "is was it's that's one's"),
    ),
    # Round 15: the same with a verb of landing ("this falls squarely on the volunteer who moved the
    # hives"); not a duty handed out ("it falls on the on-call to page the vendor").
    _Rule(
        "blame/named-person",
        r"\b(?:it|this|that)(?:\s+one)?\s+(?:falls|fell|lands|landed|rests|rested)\s+(?:all\s+|entirely\s+|"
        r"squarely\s+|firmly\s+|solely\s+)?(?:on|upon)\s+",
        _landed_on_person_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("falls fell lands landed rests rested", "on upon"),
    ),
    # ---- culprit framing around the incident itself: "this outage is on the database team"
    _Rule(
        "blame/named-person",
        rf"\b(?:this|that|the|our)\s+(?:whole\s+|entire\s+)?{_INCIDENT}(?:'s|\s+(?:is|was|lies|lay|sits|sat|rests|"
        r"rested|falls|fell|lands|landed|belongs|belonged))\s+(?:(?:all|entirely|squarely|firmly|largely|solely|"
        r"clearly|really)\s+)?(?:on|with|to|at\s+the\s+door\s+of)\s+",
        _person_follows_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k(
            _INCIDENT_WORDS,
            "on with to door",
            "is was 's lies lay sits sat rests rested falls fell lands landed belongs belonged",
        ),
    ),
    _Rule(
        "blame/named-person",
        rf"\bown(?:s|ed)?\s+(?:this|that)\s+(?:one|{_INCIDENT})(?=\s*(?:[.,;:!)]|$|\s+(?:outright|entirely|"
        r"completely|full\s+stop|and|from)\b))",
        _person_subject_gate,
        "Says a person or a team owns the incident, which makes them its culprit.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("own owns owned", "this that", "one " + _INCIDENT_WORDS),
    ),
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+(?:'s|’s|s')\s+(?:own\s+)?(?:doing|mess|handiwork|responsibility)\b",
        _culprit_possessive_gate,
        "Says the incident was a person's doing, which makes them its culprit.",
        "Describe the change or action itself and the conditions that let it cause harm, without its author.",
        keys=_k("doing mess handiwork responsibility"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:person|people|individual|individuals|party|parties|engineer|one|ones)\s+"
        r"(?:(?:directly|ultimately|actually|personally)\s+)?(?:at\s+fault|to\s+blame|culpable)\b"
        r"|\b(?:person|people|individual|individuals|party|parties|engineer|one|ones)\s+"
        r"(?:(?:directly|ultimately|actually|personally)\s+)?(?:responsible|accountable)"
        rf"(?=\s*(?:[.:;!?)]|$)|\s+(?:for|of)\s+(?:this|that|the|our)\s+(?:[\w-]+\s+)?{_INCIDENT}\b)"
        r"|\bresponsible\s+(?:person|party|individual|engineer)s?\s*:",
        _culprit_gate,
        "Looks for the person responsible: the sentence is about who, not about how it happened.",
        "Describe the conditions that let the failure happen and leave out who is to blame.",
        keys=_k("responsible fault blame culpable accountable"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:held|hold|holds|holding|find|finds|found|deem|deems|deemed)\s+(?P<who>(?:[\w@'.-]+\s+){1,5}?)"
        r"(?:personally\s+|directly\s+|solely\s+|fully\s+)?(?:accountable|culpable|liable|responsible)\b"
        rf"|\b(?:is|are|was|were)\s+(?:(?:solely|fully|directly|personally|squarely|entirely|largely)\s+)?"
        rf"(?:accountable|culpable|liable|responsible)\s+for\s+(?:the|this|that|our)\s+(?:[\w-]+\s+){{0,2}}?{_INCIDENT}\b",
        _accountable_gate,
        "Holds a person or a team accountable for the incident, which makes them its culprit.",
        "Describe the conditions that let the failure happen; who owns each follow-up belongs in the action items.",
        keys=_k("accountable culpable liable responsible"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:attributable|attributed)\s+(?:(?:largely|entirely|mainly|solely|directly)\s+)?to\s+|"
        r"\bcourtesy\s+of\s+|\bself-inflicted\s+by\s+",
        _person_follows_gate,
        "Attributes the incident to a person or a team, which makes them its culprit.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("attributable attributed courtesy inflicted"),
    ),
    _Rule(
        "blame/named-person",
        _SWITCH_OFF_RE_TEXT,
        _switched_off_gate,
        "Presents a safeguard switched off as something a named or role-identified person did, putting them at "
        "the centre of the cause.",
        "Describe what the safeguard was doing to the people who depended on it at the time (noise, a blocked "
        "task) and what would keep it on or bring it back by itself.",
        keys=_k("disabled disables deactivated deactivates unplugged unplugs silenced silences muted mutes off out"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:was|were|been|got|is|are)\s+(?:\w+\s+)?(?:"
        + "|".join(re.escape(f) for f in _PASSIVE_AGENT_FORMS)
        + r")\s+(?:[\w'’-]+\s+){0,4}?by\s+",
        _passive_agent_gate,
        "Names a person as the agent of the damage, putting them at the centre of the cause.",
        "Describe what happened to the system and the conditions that allowed it, without an agent.",
        keys=_k("by", " ".join(_PASSIVE_AGENT_FORMS).replace("-", " ")),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:was|were|been|got)\s+(?:\w+\s+)?(?:botched|broken|broke|caused|misconfigured|"
        r"messed\s+up|screwed\s+up|deleted|dropped|wiped|overwritten|corrupted|mishandled|"
        r"fat-?fingered|taken\s+down|brought\s+down|(?:left|put)\s+in\s+an?\s+(?:[\w-]+\s+)?"
        r"(?:broken|bad|inconsistent|corrupt(?:ed)?|unusable|unrecoverable|half-[\w-]+)\s+state)\s+by\s+",
        _person_follows_gate,
        "Names a person as the agent of the damage, putting them at the centre of the cause.",
        "Describe what happened to the system and the conditions that allowed it, without an agent.",
        keys=_k(
            "by",
            "botched broken broke caused misconfigured messed screwed deleted dropped "
            "wiped overwritten corrupted mishandled fat fingered fatfingered taken brought state",
        ),
    ),
    _Rule(
        "blame/named-person",
        # A person shipping something judged defective makes them its source: "Dave pushed a
        # bad config". Rolling back or reverting the bad thing is not in the list.
        r"\b(?:pushed|deployed|shipped|merged|committed|released|applied|introduced|wrote|"
        r"rolled\s+out|uploaded|submitted|approved)\s+(?:a|an|the|his|her|their|some|this|that)\s+"
        r"(?:[\w-]+\s+)?(?:bad|broken|faulty|buggy|untested|unreviewed|malformed|invalid|"
        r"incorrect|corrupt(?:ed)?|half-finished|botched)\b",
        _person_subject,
        "Names a person as the source of a defective change.",
        "Describe the change and the path it took to production, and ask which check could have caught the defect.",
        keys=_k(
            "pushed deployed shipped merged committed released applied introduced wrote rolled uploaded "
            "submitted approved",
            "bad broken faulty buggy untested unreviewed malformed invalid incorrect corrupt corrupted half botched",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:decided|decides|chose|chooses|opted|opts|elected)\s+(?:not\s+to\b|to\s+(?:skip|ignore|bypass|"
        r"override|disable|forgo|circumvent|not)\b)",
        _choice_gate,
        "Frames a person's choice to skip a safeguard as the cause.",
        "Describe why skipping looked reasonable at the time: the pressures, the signals and what the safe path cost.",
        keys=_k(
            "decided decides chose chooses opted opts elected",
            "not skip ignore bypass override disable forgo circumvent",
        ),
    ),
    _Rule(
        "blame/named-person",
        # "Ran the reindex against the primary at 02:00" is a timeline fact; only words that
        # weigh the risk of the moment or the shortcut frame the choice.
        r"\b(?:during\s+(?:peak|business|busy|prime)\s+(?:traffic|hours|load|time|season)|by\s+hand|"
        # Since round 7: everything at once, the change's whole reach in one step.
        r"all\s+at\s+once|simultaneously|in\s+one\s+(?:go|step)|mid-incident|"
        r"straight\s+(?:to|into|on|in|against)\s+(?:prod|production|the\s+primary|the\s+live\s+\w+))\b",
        _risky_action_gate,
        "Frames a person's action by the risk it carried, which judges the choice with hindsight.",
        "Describe why the action was reasonable at the time and what would have made the safer path the default.",
        keys=_k(),
    ),
    # ---- culprit framing in words: whoever it is, the sentence hunts for one
    _Rule(
        "blame/named-person",
        r"\b(?:the\s+)?(?:blame|accountability|responsibility|fault)\s+(?:for\s+[^,.;:]{1,60}?\s+)?(?:belongs|lies|rests|sits|falls|"
        r"goes)\s+(?:(?:squarely|entirely|solely|firmly|clearly)\s+)?(?:to|with|on)\b"
        r"|\b(?:is|are|was|were)\s+(?:(?:clearly|squarely|entirely|solely|partly)\s+)?to\s+blame\b"
        r"|\bwhose\s+fault\b|\bfinger\s+(?:points|pointed|is\s+pointing)\s+(?:at|to)\b",
        _culprit_frame_gate,
        "Looks for someone to blame: the sentence is about who, not about how it happened.",
        "Describe the conditions that let the failure happen and leave out who is to blame.",
        keys=_k(),
    ),
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+'s\s+(?:\w+\s+)?(?:mistake|blunder|fault|slip|slip-up|screw-?up|oversight|"
        r"carelessness|negligence|sloppiness|incompetence|"
        r"(?:bad|botched|careless|sloppy|untested|fat-fingered|rushed|reckless)\s+[\w-]+|"
        r"error(?!\s+(?:rate|rates|budget|log|logs|code|codes|message|messages|count|handling|page|pages)\b))",
        _possessor_gate,
        "Names a person's mistake as the cause, which makes the person the culprit.",
        "Describe the change or action itself and the conditions that let it cause harm, without its author.",
        keys=_k(
            "mistake blunder fault slip screw screwup oversight carelessness negligence sloppiness "
            "incompetence bad botched careless sloppy untested fat rushed reckless error"
        ),
    ),
    # ---- a person's slip or destructive act, whatever the verb
    _Rule(
        "blame/named-person",
        r"\b(?:the|a)\s+wrong\b",
        _wrong_target_gate,
        "Presents a slip as something a named or role-identified person did, putting them at the centre of the cause.",
        "Describe the slip without an actor ('a command intended for staging ran against "
        "production') and ask what made the two targets easy to confuse.",
        keys=_k("wrong"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(_HARMFUL_FORMS, key=lambda f: (-len(f), f))) + r")\b",
        _harmful_act_gate,
        "Presents a destructive action as something a named or role-identified person did, putting them at "
        "the centre of the cause.",
        "Describe what happened to the system without an actor, and ask what let a destructive command "
        "reach that target (confirmation, permissions, naming, a dry run).",
        keys=_k(" ".join(sorted(_HARMFUL_FORMS)).replace("-", " ")),
    ),
    _Rule(
        "blame/named-person",
        r"(?:,|;|\band\b)\s+(?:(?:then|thereby|also|so)\s+)?(?:took|knocked|brought|taking|knocking|bringing)\s+"
        r"(?:[\w-]+\s+){0,5}?(?:down|offline|out\b(?!\s+of\b)|with\s+it)\b",
        _harm_follows_gate,
        _HARM_FOLLOWS_MESSAGE,
        _HARM_FOLLOWS_SUGGESTION,
        keys=_k("took knocked brought taking knocking bringing", "down offline out with"),
    ),
    _Rule(
        "blame/named-person",
        r"(?:,|;|\band\b)\s+(?:(?:then|thereby|also|so)\s+)?(?:overwrote|corrupted|wiped|"
        r"locked\s+(?:[\w-]+\s+){0,4}?out|made\s+(?:[\w-]+\s+){1,4}?worse|causing|caused|cost\s+us)\b",
        _harm_follows_gate,
        _HARM_FOLLOWS_MESSAGE,
        _HARM_FOLLOWS_SUGGESTION,
        keys=_k("overwrote corrupted wiped locked worse causing caused cost"),
    ),
    _Rule(
        "blame/named-person",
        r"(?:,|;|\band\b)\s+(?:(?:which|this|that)\s+(?:is|was)\s+(?:why|how|what)|(?:that|this|which)\s+(?:let|broke|took))\b",
        _harm_named_follows_gate,
        _HARM_FOLLOWS_MESSAGE,
        _HARM_FOLLOWS_SUGGESTION,
        keys=_k("which this that", "why how what let broke took"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:cause|culprit|point\s+of\s+failure)(?:\s+of\s+[^:]{0,60}?)?(?:\s+(?:here\s+)?(?:was|is)\b|\s*:)"
        r"|\b(?:comes?|came|boils?|boiled)\s+down\s+to\b|\btrace[sd]?\s+(?:back\s+)?to\b|\bat\s+the\s+door\s+of\b"
        r"|\bfinger\s+(?:points|pointed|is\s+pointing)\s+(?:squarely\s+|firmly\s+|clearly\s+)?at\b"
        # Round 14: the problem named as a person ("The problem was the studio receptionist."), and
        # the root cause's abbreviation as a label ("RC: Benedek.").
        r"|\b(?:problem|trouble)\s+(?:here\s+)?(?:was|is)\b|\brc\s*:",
        _complement_gate,
        "Names a person as the cause of the incident, which makes them the culprit.",
        "Name the conditions that let the failure happen (a missing check, a default, a gap in "
        "the process), not the person.",
        keys=_k("cause culprit failure down trace traces traced door finger problem trouble rc"),
    ),
    _Rule(
        "blame/named-person",
        _UNILATERAL_RE,
        _unilateral_gate,
        "Presents a person acting against the rules or on their own as the cause, putting them at the centre of it.",
        "Describe what the person was trying to do, what the procedure asked of them at that moment, and what "
        "made departing from it look reasonable.",
        keys=_k(_UNILATERAL_WORDS),
    ),
    _Rule(
        "blame/named-person",
        r"(?:,|;|\band\b)\s+(?:(?:then|thereby|also|so)\s+)?(?:" + "|".join(_HARM_VERB_FORMS) + r")\b",
        _harm_follows_gate,
        _HARM_FOLLOWS_MESSAGE,
        _HARM_FOLLOWS_SUGGESTION,
        keys=_k(" ".join(_HARM_VERB_FORMS)),
    ),
)
