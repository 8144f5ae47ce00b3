from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. After 5 failed attempts the account is locked "
            "until an administrator releases it."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class ReleaseLockoutForm(forms.Form):
    """The username, or the address, whose lockout an administrator releases."""

    username = forms.CharField(label=_("Username"), max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("username") and not cleaned.get("ip_address"):
            raise forms.ValidationError(_("Give a username or an address."))
        return cleaned
