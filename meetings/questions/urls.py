"""URLs of the questions to the secretariat under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("punkt/<int:item_id>/spoergsmaal/", views.question_ask, name="question_ask"),
    path("spoergsmaal/<int:question_id>/svar/", views.question_answer, name="question_answer"),
]
