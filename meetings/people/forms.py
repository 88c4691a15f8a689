"""Forms of the people feature."""

from django import forms

from meetings.models import Role


class InviteForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=150)
    email = forms.EmailField(label="E-mail", max_length=254)
    role = forms.ChoiceField(label="Rolle", choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rolle", choices=Role.choices)


class SignInRuleForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Disse roller skal også bruge totrinsbekræftelse",
        choices=[(role.value, role.label) for role in Role if role != Role.SECRETARIAT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sekretariatet skal altid bruge totrinsbekræftelse.",
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Adgangskode",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Mindst 12 tegn, og ikke en almindelig eller kun tal.",
    )
    password2 = forms.CharField(
        label="Gentag adgangskoden",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "De to adgangskoder er ikke ens.")
        return data
