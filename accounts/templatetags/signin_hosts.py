"""Whether the page was opened at an IP address: browsers refuse passkeys (WebAuthn) there."""

import ipaddress

from django import template

register = template.Library()


@register.filter
def is_ip_address(host: str) -> bool:
    """`request.get_host` (with or without a port) is an IPv4 or IPv6 address, not a name."""
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
