"""URLs of the secretariat's bilag under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("punkt/<int:item_id>/bilag/", views.bilag_list, name="bilag_list"),
    path("punkt/<int:item_id>/bilag/nyt/", views.bilag_add, name="bilag_add"),
    path("punkt/<int:item_id>/bilag/raekkefoelge/", views.bilag_reorder, name="bilag_reorder"),
    path("bilag/<int:bilag_id>/omdoeb/", views.bilag_rename, name="bilag_rename"),
    path("bilag/<int:bilag_id>/erstat/", views.bilag_replace, name="bilag_replace"),
    path("bilag/<int:bilag_id>/slet/", views.bilag_delete, name="bilag_delete"),
    path("bilag/<int:bilag_id>/flyt/", views.bilag_move, name="bilag_move"),
]
