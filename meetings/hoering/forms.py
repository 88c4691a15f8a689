"""Forms of the høring."""

from django import forms


class SendForm(forms.Form):
    deadline = forms.DateField(
        label="Frist for bemærkninger",
        error_messages={"invalid": "Skriv fristen som en dato, fx 13.10.2025."},
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"],
    )


class CommentForm(forms.Form):
    item = forms.IntegerField(required=False)
    text = forms.CharField(
        label="Bemærkning til referatet",
        max_length=4000,
        error_messages={"required": "Skriv din bemærkning.", "max_length": "Højst 4000 tegn."},
    )
    objection = forms.BooleanField(required=False, label="Jeg gør indsigelse mod referatet her")
