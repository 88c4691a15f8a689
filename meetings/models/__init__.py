"""The meetings app's models, one module per concern; every model is importable from here.

Numbers, weekdays, clock times and sums are not stored: `meetings.agenda` computes them.
"""

from .actions import FollowUpAction, ResponsibleKind
from .archive import ArchiveBatch, ArchiveImport, ArchiveKind, BatchStatus, archive_upload_to
from .bilag import Bilag, BilagVersion, GeneratedBilag, bilag_upload_to
from .committees import Committee, Membership, Role
from .items import (
    RECOMMENDATION_KEY,
    RECOMMENDATION_START,
    AgendaItem,
    DecisionOutcome,
    EmbedType,
    ItemEmbed,
    ItemKind,
    ItemSection,
    Presenter,
    StandardHeading,
    StandingItem,
    StandingItemTemplate,
    is_recommendation,
    standard_decision_html,
)
from .meetings import Meeting, MeetingStatus
from .member import CalendarFeed, MeetingVisit, PrivateNote
from .offline import OfflinePreference
from .people import CommitteeSignInRule, Invitation
from .procedures import (
    AnswerChoice,
    BetweenNotice,
    NoticeKind,
    ProcedureAnswer,
    ProcedureBilag,
    ProcedureOutcome,
    ProcedureProposalLine,
    ProcedureRule,
    ProcedureSection,
    ProcedureStatus,
    WrittenProcedure,
)
from .proposals import BudgetProposal, BudgetProposalLine
from .records import Attendance, AttendanceStatus, AuditEntry, MeetingPack, PackStatus
from .reminders import (
    DeliveryStatus,
    Reminder,
    ReminderAnchor,
    ReminderAudience,
    ReminderCondition,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
)

__all__ = [
    "RECOMMENDATION_KEY",
    "RECOMMENDATION_START",
    "AgendaItem",
    "AnswerChoice",
    "ArchiveBatch",
    "ArchiveImport",
    "ArchiveKind",
    "Attendance",
    "AttendanceStatus",
    "AuditEntry",
    "BatchStatus",
    "BetweenNotice",
    "Bilag",
    "BilagVersion",
    "BudgetProposal",
    "BudgetProposalLine",
    "CalendarFeed",
    "Committee",
    "CommitteeSignInRule",
    "DecisionOutcome",
    "DeliveryStatus",
    "EmbedType",
    "FollowUpAction",
    "GeneratedBilag",
    "Invitation",
    "ItemEmbed",
    "ItemKind",
    "ItemSection",
    "Meeting",
    "MeetingPack",
    "MeetingStatus",
    "MeetingVisit",
    "Membership",
    "NoticeKind",
    "OfflinePreference",
    "PackStatus",
    "Presenter",
    "PrivateNote",
    "ProcedureAnswer",
    "ProcedureBilag",
    "ProcedureOutcome",
    "ProcedureProposalLine",
    "ProcedureRule",
    "ProcedureSection",
    "ProcedureStatus",
    "Reminder",
    "ReminderAnchor",
    "ReminderAudience",
    "ReminderCondition",
    "ReminderDelivery",
    "ReminderRule",
    "ReminderStatus",
    "ResponsibleKind",
    "Role",
    "StandardHeading",
    "StandingItem",
    "StandingItemTemplate",
    "WrittenProcedure",
    "archive_upload_to",
    "bilag_upload_to",
    "is_recommendation",
    "standard_decision_html",
]
