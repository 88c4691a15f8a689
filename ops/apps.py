from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the portal: health for the load balancer, request ids in logs, backup."""

    name = "ops"
    verbose_name = "Drift"
