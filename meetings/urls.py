"""URLs under /moeder/ (namespace `meetings`): each feature package brings its own."""

from .actions import urls as actions
from .annotations import urls as annotations
from .archive import urls as archive
from .bilag import urls as bilag
from .documents import urls as documents
from .editor import urls as editor
from .hoering import urls as hoering
from .meetingday import urls as meetingday
from .member import urls as member
from .minutes import urls as minutes
from .portfolio import urls as portfolio
from .procedures import urls as procedures
from .questions import urls as questions
from .reminders import urls as reminders

app_name = "meetings"

urlpatterns = [
    *member.meeting_urlpatterns,
    *documents.urlpatterns,
    *editor.urlpatterns,
    *bilag.urlpatterns,
    *minutes.urlpatterns,
    *hoering.urlpatterns,
    *meetingday.urlpatterns,
    *portfolio.item_urlpatterns,
    *reminders.urlpatterns,
    *archive.urlpatterns,
    *procedures.urlpatterns,
    *actions.urlpatterns,
    *questions.urlpatterns,
    *annotations.urlpatterns,
]
