from django.urls import path

from . import editor_views as editor
from . import views, views_documents, views_embeds, views_member
from . import views_reminders as reminder_views

app_name = "meetings"

urlpatterns = [
    path("", views_member.overview, name="meeting_list"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("bilag/<int:bilag_id>/", views.bilag_download, name="bilag_download"),
    # Members preparing (issue 5): bilag in the browser, private notes, the meeting's .ics.
    path("bilag/<int:bilag_id>/vis/", views_member.bilag_view, name="bilag_view"),
    path("bilag/<int:bilag_id>/fil/", views_member.bilag_inline, name="bilag_inline"),
    path("bilag/<int:bilag_id>/note/", views_member.note_bilag, name="note_bilag"),
    path("punkt/<int:item_id>/note/", views_member.note_item, name="note_item"),
    path("<int:meeting_id>/noter/", views_member.meeting_notes, name="meeting_notes"),
    path("<int:meeting_id>/kalender.ics", views_member.meeting_calendar, name="meeting_calendar"),
    path("<int:meeting_id>/dagsorden.pdf", views_documents.agenda_pdf, name="agenda_pdf"),
    path("<int:meeting_id>/referat.pdf", views_documents.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/pakke/", views_documents.pack_status, name="pack_status"),
    path("<int:meeting_id>/pakke/bestil/", views_documents.pack_request, name="pack_request"),
    path("<int:meeting_id>/pakke/hent/", views_documents.pack_download, name="pack_download"),
    # The secretariat's pages (issue 3): every object looked up through access.editable_*.
    path("nyt/", editor.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/rediger/", editor.meeting_edit, name="meeting_edit"),
    path("<int:meeting_id>/oplysninger/", editor.meeting_details, name="meeting_details"),
    path(
        "<int:meeting_id>/oplysninger/luk/",
        editor.meeting_details_closed,
        name="meeting_details_closed",
    ),
    path("<int:meeting_id>/udsend/", editor.meeting_publish, name="meeting_publish"),
    path("<int:meeting_id>/aflys/", editor.meeting_cancel, name="meeting_cancel"),
    path("<int:meeting_id>/historik/", editor.meeting_history, name="meeting_history"),
    path("<int:meeting_id>/kopier/", editor.meeting_copy, name="meeting_copy"),
    path("<int:meeting_id>/punkter/nyt/", editor.item_add, name="item_add"),
    path("<int:meeting_id>/punkter/raekkefoelge/", editor.items_reorder, name="items_reorder"),
    path("punkt/<int:item_id>/", editor.item_head, name="item_head"),
    path("punkt/<int:item_id>/rediger/", editor.item_edit, name="item_edit"),
    path("punkt/<int:item_id>/slet/", editor.item_delete, name="item_delete"),
    path("punkt/<int:item_id>/flyt/", editor.item_move, name="item_move"),
    path("punkt/<int:item_id>/afsnit/nyt/", editor.section_new, name="section_new"),
    path("punkt/<int:item_id>/bilag/", editor.bilag_list, name="bilag_list"),
    path("punkt/<int:item_id>/bilag/nyt/", editor.bilag_add, name="bilag_add"),
    path("punkt/<int:item_id>/bilag/raekkefoelge/", editor.bilag_reorder, name="bilag_reorder"),
    path("punkt/<int:item_id>/beslutning/", editor.decision_save, name="decision_save"),
    path("afsnit/<int:section_id>/", editor.section_show, name="section_show"),
    path("afsnit/<int:section_id>/rediger/", editor.section_edit, name="section_edit"),
    path("afsnit/<int:section_id>/slet/", editor.section_delete, name="section_delete"),
    path("afsnit/<int:section_id>/flyt/", editor.section_move, name="section_move"),
    path("bilag/<int:bilag_id>/omdoeb/", editor.bilag_rename, name="bilag_rename"),
    path("bilag/<int:bilag_id>/erstat/", editor.bilag_replace, name="bilag_replace"),
    path("bilag/<int:bilag_id>/slet/", editor.bilag_delete, name="bilag_delete"),
    path("bilag/<int:bilag_id>/flyt/", editor.bilag_move, name="bilag_move"),
    path("<int:meeting_id>/referat/", editor.meeting_minutes, name="meeting_minutes"),
    path("<int:meeting_id>/referat/fremmoede/", editor.attendance_save, name="attendance_save"),
    path("<int:meeting_id>/referat/gaest/", editor.guest_add, name="guest_add"),
    path("fremmoede/<int:attendance_id>/slet/", editor.attendance_delete, name="attendance_delete"),
    path("<int:meeting_id>/afholdt/", editor.meeting_held, name="meeting_held"),
    path("<int:meeting_id>/referat/godkend/", editor.minutes_approve, name="minutes_approve"),
    path("<int:meeting_id>/referat/genaabn/", editor.minutes_reopen, name="minutes_reopen"),
    # Portfolio figures on the agenda (issue 7): embeds, monitoring bilag, budget proposals.
    path(
        "bilag/<int:bilag_id>/monitorering/",
        views_embeds.monitoring_bilag,
        name="monitoring_bilag",
    ),
    path(
        "bilag/<int:bilag_id>/monitorering.pdf",
        views_embeds.monitoring_pdf,
        name="monitoring_pdf",
    ),
    path("punkt/<int:item_id>/tal/opdater/", views_embeds.figures_refresh, name="figures_refresh"),
    path("punkt/<int:item_id>/portefoelje/", views_embeds.item_portfolio, name="item_portfolio"),
    path("punkt/<int:item_id>/portefoelje/tabel/", views_embeds.embed_add, name="embed_add"),
    path(
        "punkt/<int:item_id>/portefoelje/monitorering/",
        views_embeds.monitoring_add,
        name="monitoring_add",
    ),
    path("tabel/<int:embed_id>/slet/", views_embeds.embed_remove, name="embed_remove"),
    path("punkt/<int:item_id>/budgetforslag/", views_embeds.proposal_save, name="proposal_save"),
    path(
        "punkt/<int:item_id>/budgetforslag/slet/",
        views_embeds.proposal_delete,
        name="proposal_delete",
    ),
    # Reminders (issue 6): the secretariat's view per meeting and the committee's rules.
    path(
        "<int:meeting_id>/paamindelser/",
        reminder_views.meeting_reminders,
        name="meeting_reminders",
    ),
    path(
        "paamindelse/<int:reminder_id>/send/",
        reminder_views.reminder_send_now,
        name="reminder_send_now",
    ),
    path(
        "udvalg/<int:committee_id>/paamindelser/",
        reminder_views.reminder_rules,
        name="reminder_rules",
    ),
    path(
        "paamindelsesregel/<int:rule_id>/",
        reminder_views.reminder_rule_edit,
        name="reminder_rule_edit",
    ),
]
