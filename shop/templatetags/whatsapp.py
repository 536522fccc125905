"""WhatsApp links: how most buyers in NTT talk to a lembaga and share a product."""

from urllib.parse import quote

from django import template

register = template.Library()


@register.simple_tag
def whatsapp_chat_url(phone: str, text: str = "") -> str:
    """``https://wa.me/6281234567890?text=...`` for a stored +62 number; "" without one."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 9:
        return ""
    return f"https://wa.me/{digits}" + (f"?text={quote(text)}" if text else "")


@register.simple_tag
def whatsapp_share_url(text: str) -> str:
    """``https://wa.me/?text=...``: WhatsApp lets the sender pick the chat."""
    return f"https://wa.me/?text={quote(text)}"
