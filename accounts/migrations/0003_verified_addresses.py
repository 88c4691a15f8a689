"""Every user's e-mail (as the secretariat, the demo or an administrator entered it) becomes a
verified address record: from now on only verified addresses sign in and receive reset links,
and a password-reset request no longer writes records (the unverified ones it wrote held up
enrolment of a second factor; they are verified here)."""

from django.conf import settings
from django.db import migrations


def verify_addresses(apps, schema_editor):
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    address_model = apps.get_model("account", "EmailAddress")
    for user in user_model.objects.exclude(email="").order_by("pk").iterator():
        email = user.email.strip().lower()
        taken = address_model.objects.filter(email__iexact=email, verified=True)
        if taken.exclude(user_id=user.pk).exists():
            continue  # another user's verified address: leave both as they are
        own = address_model.objects.filter(user_id=user.pk)
        has_primary = own.filter(primary=True).exists()
        record = own.filter(email__iexact=email).first()
        if record is None:
            address_model.objects.create(
                user_id=user.pk, email=email, verified=True, primary=not has_primary
            )
        elif not record.verified or not has_primary:
            record.verified = True
            record.primary = record.primary or not has_primary
            record.save(update_fields=["verified", "primary"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_event_addresses"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards nothing is undone: the records are true either way, and the unverified
        # state they had was the fault this migration repairs.
        migrations.RunPython(verify_addresses, migrations.RunPython.noop),
    ]
