"""The meetings app's models, one module per concern; every model is importable from here.

Numbers, weekdays, clock times and sums are not stored: `meetings.agenda` computes them.
"""

from .actions import FollowUpAction, ResponsibleKind
from .archive import ArchiveBatch, ArchiveImport, ArchiveKind, BatchStatus, archive_upload_to
from .bilag import Bilag, BilagVersion, GeneratedBilag, bilag_upload_to
from .committees import Committee, Membership, Role
from .hoering import ApprovalKind, HoeringStatus, MinutesComment, MinutesHoering
from .inhabilitet import Disqualification
from .items import (
    CLOSED_ITEM_TITLE,
    MAX_ITEMS_PER_MEETING,
    MAX_SECTION_CHARACTERS,
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
    too_many_items,
)
from .meetingday import ItemPostponement, ItemRun, MeetingRun
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
from .questions import MAX_ANSWER_CHARS, MAX_QUESTION_CHARS, ItemQuestion
from .records import Attendance, AttendanceStatus, AuditEntry, MeetingPack, PackStatus
from .referat import ItemReferat
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
    "CLOSED_ITEM_TITLE",
    "MAX_ANSWER_CHARS",
    "MAX_ITEMS_PER_MEETING",
    "MAX_QUESTION_CHARS",
    "MAX_SECTION_CHARACTERS",
    "RECOMMENDATION_KEY",
    "RECOMMENDATION_START",
    "AgendaItem",
    "AnswerChoice",
    "ApprovalKind",
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
    "Disqualification",
    "EmbedType",
    "FollowUpAction",
    "GeneratedBilag",
    "HoeringStatus",
    "Invitation",
    "ItemEmbed",
    "ItemKind",
    "ItemPostponement",
    "ItemQuestion",
    "ItemReferat",
    "ItemRun",
    "ItemSection",
    "Meeting",
    "MeetingPack",
    "MeetingRun",
    "MeetingStatus",
    "MeetingVisit",
    "Membership",
    "MinutesComment",
    "MinutesHoering",
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
    "too_many_items",
]
