"""The buyer's proof of a bank transfer: uploaded privately, checked by staff or the lembaga."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sellers.validators import sniff_upload
from shop.private_files import private_file_name

from .. import notifications
from ..errors import OrderErrorCode as Code
from ..models import Order, Payment, TransferProof


def _limit() -> int:
    return getattr(settings, "TRANSFER_PROOF_LIMIT", 5)


@transaction.atomic
def transfer_proof_upload(*, payment: Payment, file, actor) -> TransferProof:
    """Keep a transfer receipt (PDF, JPEG or PNG judged by its bytes) for a bank transfer.

    Same safety as the other private uploads (``sellers.validators.sniff_upload``:
    size limit, signature, decompression bombs; the store names the file). Only
    while some order of the payment still waits for its money, and at most
    ``TRANSFER_PROOF_LIMIT`` per payment. ``actor`` is the buyer; a signed-in
    buyer's payment refuses anyone else (a guest is checked by the page's session).
    The members of each lembaga with an unpaid order of the payment are e-mailed
    (after commit) about their order.
    """
    payment = Payment.objects.select_for_update().select_related("checkout").get(pk=payment.pk)
    owner = payment.checkout.user_id
    if owner and getattr(actor, "pk", None) != owner:
        raise PermissionDenied
    if payment.gateway != Payment.Gateway.BANK_TRANSFER:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Bukti transfer hanya untuk transfer bank."), code=Code.INVALID
                )
            }
        )
    waiting = list(
        payment.orders.filter(paid_at__isnull=True, status=Order.Status.UNPAID).order_by("pk")
    )
    if not waiting:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Pembayaran ini sudah dikonfirmasi atau pesanannya ditutup."),
                    code=Code.INVALID_STATUS,
                )
            }
        )
    if payment.transfer_proofs.count() >= _limit():
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Paling banyak %(n)s bukti transfer per pembayaran."),
                    code=Code.INVALID,
                    params={"n": _limit()},
                )
            }
        )
    if file is None:
        raise ValidationError(
            {"file": ValidationError(_("Pilih berkas bukti transfer."), code=Code.REQUIRED)}
        )
    try:
        content_type = sniff_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc}) from None
    proof = TransferProof(
        payment=payment,
        content_type=content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    proof.file.save(private_file_name(content_type=content_type), file, save=False)
    proof.save()
    for order in waiting:  # each lembaga of the payment hears of its own order
        notifications.notify_seller_transfer_proof(order, proof)
    return proof
