"""Who votes in a written procedure is decided when it is sent out and kept (issue 23, 14):
one invited while it runs is not counted, not asked under "Afventer dit svar", gets no e-mail
and may not answer."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.member.selectors import awaiting_answer
from meetings.models import Role
from meetings.procedures import notices, services
from meetings.procedures.selectors import procedure_tally
from tests.factories import member

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def test_a_person_invited_while_a_procedure_runs_is_not_a_voter_of_it(dap, secretary):
    anna, bo = voters(dap, 2)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    newcomer = member(dap, Role.MEMBER, first_name="Nina", email="nina@example.org")
    assert procedure_tally(sent).missing == 1  # Bo, not Nina
    assert awaiting_answer(newcomer) == []
    assert [p.pk for p in awaiting_answer(bo)] == [sent.pk]
    with pytest.raises(ValidationError, match="stemmeberettigede"):
        services.procedure_answer(procedure=sent, user=newcomer, choice="approve")
    mail.outbox.clear()
    notices.send_out(sent.pk)
    assert "nina@example.org" not in [address for m in mail.outbox for address in m.to]
