import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _

from common.fields import SingleLineField

from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _("The email address or password is not correct. Both are case-sensitive in the password."),
        "inactive": _("This account is not active. Please contact the Secretariat."),
    }


def time_zone_choices():
    session_zone = settings.TIME_ZONE
    first = [("", _("The sessions' time zone (%(zone)s)") % {"zone": session_zone})]
    return first + [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=time_zone_choices,
        help_text=_(
            "Dates and times are shown in this zone, its name beside each. Deadlines are set in the "
            "sessions' time zone; the portal converts them for you."
        ),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone"]
        field_classes = {"full_name": SingleLineField}
        help_texts = {
            "preferred_language": _(
                "The portal is shown in this language when you log in, and its emails to you are written in it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class MemberForm(forms.Form):
    full_name = SingleLineField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(User.Role.DELEGATE, _("Delegate")), (User.Role.FOCAL_POINT, _("Focal point"))],
        initial=User.Role.DELEGATE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add", _("Add member and send invitation")))


class SetPasswordLinkForm(PasswordResetForm):
    """Sends a new member their link, and lets a refusal of the mail server reach the caller.

    (Django's password reset swallows it, rightly: telling a stranger the mail failed would
    reveal that the account exists. A focal point adding a member must know.)
    """

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()
