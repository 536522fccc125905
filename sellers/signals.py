from django.dispatch import Signal

seller_status_changed = Signal()
