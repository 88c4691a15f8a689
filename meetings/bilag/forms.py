"""Forms of bilag: a file to upload or replace, a new title, a new order."""

from django import forms


class BilagUploadForm(forms.Form):
    # An empty file reaches the service, which says that it is empty (not "choose a file").
    file = forms.FileField(label="Fil", allow_empty_file=True)
    title = forms.CharField(
        label="Titel",
        max_length=300,
        required=False,
        help_text="Tom: filens navn.",
    )


class BilagReplaceForm(forms.Form):
    file = forms.FileField(label="Ny fil", allow_empty_file=True)


class BilagRenameForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    confidential = forms.BooleanField(label="Fortroligt bilag", required=False)


class OrderForm(forms.Form):
    """An order of rows: the ids in the new order (`item` repeated)."""

    def __init__(self, data: object, *, name: str) -> None:
        super().__init__(data)
        self.name = name

    def ids(self) -> list[int] | None:
        try:
            return [int(value) for value in self.data.getlist(self.name)]
        except (TypeError, ValueError):
            return None
