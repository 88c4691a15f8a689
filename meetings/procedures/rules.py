"""The two decision rules of a written procedure, and whether the outcome can still change.

- Stiltiende godkendelse: approved unless a voting member answers Afvis by the deadline.
- Flertal: approved when more than half of the votes cast approve, provided at least the
  quorum voted (Godkend or Afvis); the quorum is by default more than half of the voting
  members. A remark without a vote is not a vote.

Closing early freezes the answers as they are; the secretariat may close early only when no
answer still missing could change the outcome.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import AnswerChoice, ProcedureOutcome, ProcedureRule, WrittenProcedure


@dataclass(frozen=True)
class Tally:
    """The count of a procedure's answers against its rule."""

    rule: str
    voters: int  # voting members of the committee
    approvals: int
    rejections: int
    remarks: int  # answers that are only a remark
    answered: int
    quorum: int

    @property
    def missing(self) -> int:
        return max(0, self.voters - self.answered)

    @property
    def outcome(self) -> ProcedureOutcome:
        """The outcome if the procedure closed now."""
        return outcome_of(self.rule, self.approvals, self.rejections, self.quorum)

    @property
    def settled(self) -> bool:
        """No vote still to come can change the outcome (closing early is allowed): from
        those who have not answered, and those who answered with a remark only."""
        open_votes = max(0, self.voters - self.approvals - self.rejections)
        outcomes = {
            outcome_of(self.rule, self.approvals + yes, self.rejections + no, self.quorum)
            for yes in range(open_votes + 1)
            for no in range(open_votes + 1 - yes)
        }
        return len(outcomes) == 1

    @property
    def summary(self) -> str:
        """`2 godkender, 1 afviser, 0 bemærkninger uden stemme; 0 mangler at svare`."""
        text = (
            f"{self.approvals} godkender, {self.rejections} afviser, "
            f"{self.remarks} bemærkning{'er' if self.remarks != 1 else ''} uden stemme; "
            f"{self.missing} mangler at svare"
        )
        if self.rule == ProcedureRule.MAJORITY:
            text += f" (beslutningsdygtig ved {self.quorum} stemmer)"
        return text


def default_quorum(voters: int) -> int:
    return voters // 2 + 1


def outcome_of(rule: str, approvals: int, rejections: int, quorum: int) -> ProcedureOutcome:
    if rule == ProcedureRule.SILENT:
        return ProcedureOutcome.REJECTED if rejections else ProcedureOutcome.APPROVED
    if approvals + rejections < quorum:
        return ProcedureOutcome.NO_QUORUM
    return ProcedureOutcome.APPROVED if approvals > rejections else ProcedureOutcome.REJECTED


def tally(procedure: WrittenProcedure, voters: int, choices: Iterable[str]) -> Tally:
    """Count the answers of the voting members (`choices`: one per answering voter)."""
    choices = list(choices)
    return Tally(
        rule=procedure.rule,
        voters=voters,
        approvals=sum(1 for choice in choices if choice == AnswerChoice.APPROVE),
        rejections=sum(1 for choice in choices if choice == AnswerChoice.REJECT),
        remarks=sum(1 for choice in choices if choice == AnswerChoice.REMARK),
        answered=len(choices),
        quorum=procedure.quorum or default_quorum(voters),
    )
