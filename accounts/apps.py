from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Log ind og sikkerhed"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the security log to sign-in events)
