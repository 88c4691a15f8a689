"""URLs of the secretariat's agenda editor under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import section_views, standing_views, views

urlpatterns = [
    path("nyt/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("<int:meeting_id>/oplysninger/", views.meeting_details, name="meeting_details"),
    path(
        "<int:meeting_id>/oplysninger/luk/",
        views.meeting_details_closed,
        name="meeting_details_closed",
    ),
    path("<int:meeting_id>/udsend/", views.meeting_publish, name="meeting_publish"),
    path("<int:meeting_id>/aflys/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:meeting_id>/historik/", views.meeting_history, name="meeting_history"),
    path("<int:meeting_id>/kopier/", views.meeting_copy, name="meeting_copy"),
    path("<int:meeting_id>/punkter/nyt/", views.item_add, name="item_add"),
    path("<int:meeting_id>/punkter/raekkefoelge/", views.items_reorder, name="items_reorder"),
    path("punkt/<int:item_id>/", views.item_head, name="item_head"),
    path("punkt/<int:item_id>/rediger/", views.item_edit, name="item_edit"),
    path("punkt/<int:item_id>/slet/", views.item_delete, name="item_delete"),
    path("punkt/<int:item_id>/flyt/", views.item_move, name="item_move"),
    path("punkt/<int:item_id>/afsnit/nyt/", section_views.section_new, name="section_new"),
    path("afsnit/<int:section_id>/", section_views.section_show, name="section_show"),
    path("afsnit/<int:section_id>/rediger/", section_views.section_edit, name="section_edit"),
    path("afsnit/<int:section_id>/slet/", section_views.section_delete, name="section_delete"),
    path("afsnit/<int:section_id>/flyt/", section_views.section_move, name="section_move"),
    path(
        "udvalg/<int:committee_id>/staaende-punkter/",
        standing_views.standing_items,
        name="standing_items",
    ),
    path(
        "udvalg/<int:committee_id>/staaende-punkter/nyt/",
        standing_views.standing_item_add,
        name="standing_item_add",
    ),
    path(
        "udvalg/<int:committee_id>/staaende-punkter/naeste-moede/",
        standing_views.standing_item_next_meeting,
        name="standing_item_next_meeting",
    ),
    path(
        "staaende-punkt/<int:template_id>/rediger/",
        standing_views.standing_item_edit,
        name="standing_item_edit",
    ),
    path(
        "staaende-punkt/<int:template_id>/flyt/",
        standing_views.standing_item_move,
        name="standing_item_move",
    ),
    path(
        "staaende-punkt/<int:template_id>/slet/",
        standing_views.standing_item_delete,
        name="standing_item_delete",
    ),
]
