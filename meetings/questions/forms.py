"""Forms of the questions to the secretariat. The texts are checked by the services, which
say in Danish what is wrong (empty, too long) and change nothing."""

from django import forms


class AskForm(forms.Form):
    # The note form's own field: "Send som spørgsmål" sends what is in the note's box.
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)


class AnswerForm(forms.Form):
    answer = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    shared = forms.BooleanField(required=False, label="Del svaret med alle")
