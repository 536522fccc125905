"""A buyer's bank-transfer proof: the lembaga's members are e-mailed about their order,
through the outbox, after the commit (orders.notifications.notify_seller_transfer_proof)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import transaction

from orders.models import Order, Payment, TransferProof
from orders.notifications import SELLER_TRANSFER_PROOF_EMAIL
from orders.services.transfer_proofs import transfer_proof_upload
from sellers.models import SellerMember
from shop.models import OutboxMessage
from shop.roles import Role
from tests.factories import SellerMemberFactory
from tests.files import PDF_BYTES, upload
from tests.orders.test_bank_transfer_instructions import place_by_transfer
from tests.shopping import order_of_sikka

UPLOADED = dt.datetime(2025, 3, 10, 6, 5, tzinfo=dt.UTC)  # 14:05 WITA


@pytest.fixture
def order(world) -> Order:
    """One unpaid bank-transfer order of BUMDes Sikka Jaya (pengurus@sikka.id)."""
    return order_of_sikka(world)


@pytest.fixture
def sikka_staff(world, make_user):
    user = make_user(Role.SELLER_MEMBER, email="staf@sikka.id")
    SellerMember.objects.create(seller=world.sikka, user=user, role=SellerMember.Role.STAFF)
    return user


def _upload(order: Order) -> TransferProof:
    return transfer_proof_upload(
        payment=order.payment, file=upload("bukti.pdf", PDF_BYTES), actor=AnonymousUser()
    )


def _deliver(callbacks) -> None:
    """Commit: stamp the proof's time first so the e-mail's WITA time is known."""
    TransferProof.objects.update(created_at=UPLOADED)
    for callback in callbacks:
        callback()


def _upload_delivered(order: Order, capture) -> list:
    """Upload a proof for ``order``, commit, and answer the e-mails sent."""
    with capture() as callbacks:
        _upload(order)
    _deliver(callbacks)
    return mail.outbox


def _sent() -> list[tuple[list[str], str]]:
    return sorted((m.to, m.subject) for m in mail.outbox)


def test_the_proof_is_written_to_the_outbox_with_the_upload_and_mailed_after_commit(
    order, sikka_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        proof = _upload(order)
        queued = OutboxMessage.objects.filter(handler=SELLER_TRANSFER_PROOF_EMAIL)
        assert list(queued.values_list("kwargs", flat=True)) == [
            {"order_id": order.pk, "proof_id": proof.pk}
        ]
    assert mail.outbox == []

    _deliver(callbacks)

    subject = f"Bukti transfer masuk untuk pesanan {order.number}"
    assert _sent() == [(["pengurus@sikka.id"], subject), (["staf@sikka.id"], subject)]
    assert mail.outbox[0].body == (
        "Halo BUMDes Sikka Jaya,\n"
        "\n"
        f"Pembeli mengirim bukti transfer bank untuk pesanan {order.number}"
        " pada 10 Maret 2025 14:05 WITA.\n"
        "\n"
        "Total pesanan: Rp 475.000\n"
        f"Kode di berita transfer: OVOP-{order.payment_id:06d}\n"
        "\n"
        "Uangnya ditransfer ke rekening Pasar OVOP NTT. Petugas Pasar OVOP NTT memeriksa uang"
        " masuk sesuai kode di atas lalu mengonfirmasi pembayaran; Anda tidak perlu berbuat"
        " apa-apa sekarang.\n"
        "Setelah pembayaran dikonfirmasi, status pesanan menjadi Dibayar dan pesanan dapat"
        " diproses dan dikirim.\n"
        "\n"
        "Bukti transfer dan pesanan: "
        f"http://127.0.0.1:8000/penjual/pesanan/{order.number}/\n"
        "\n"
        "Salam,\n"
        "Pasar OVOP NTT\n"
    )
    assert OutboxMessage.objects.get(handler=SELLER_TRANSFER_PROOF_EMAIL).delivered_at


def test_a_rolled_back_upload_leaves_no_message_and_sends_nothing(
    order, django_capture_on_commit_callbacks
):
    @transaction.atomic
    def request_that_fails() -> None:
        _upload(order)
        raise RuntimeError("the request failed after the upload")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        request_that_fails()

    assert callbacks == []
    assert not TransferProof.objects.exists()
    assert not OutboxMessage.objects.filter(handler=SELLER_TRANSFER_PROOF_EMAIL).exists()
    assert mail.outbox == []


def test_each_lembaga_of_a_two_lembaga_payment_hears_of_its_own_order_only(
    client, world, django_capture_on_commit_callbacks
):
    SellerMemberFactory(user__email="pengurus@lain.id")  # a lembaga not in this payment
    place_by_transfer(client, world)
    sikka = Order.objects.get(seller=world.sikka)
    belu = Order.objects.get(seller=world.belu)
    done = f"/checkout/selesai/{sikka.checkout.token}/bukti/"

    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(done, {"file": upload("bukti.pdf", PDF_BYTES)}).status_code == 302
    _deliver(callbacks)

    assert _sent() == [
        (["pengurus@belu.id"], f"Bukti transfer masuk untuk pesanan {belu.number}"),
        (["pengurus@sikka.id"], f"Bukti transfer masuk untuk pesanan {sikka.number}"),
    ]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Total pesanan: Rp 475.000\n" in bodies["pengurus@sikka.id"]
    assert "Total pesanan: Rp 130.000\n" in bodies["pengurus@belu.id"]
    assert sikka.number not in bodies["pengurus@belu.id"]


def test_money_paid_into_the_lembagas_own_account_is_checked_by_the_lembaga(
    order, settings, django_capture_on_commit_callbacks
):
    settings.BANK_TRANSFER_TO_LEMBAGA = True
    order.seller.bank_name = "BRI"
    order.seller.bank_account_number = "4455-01-000123-50-9"
    order.seller.bank_account_holder = "Koperasi Tenun Sikka"
    order.seller.save()

    [email] = _upload_delivered(order, django_capture_on_commit_callbacks)
    assert f"Kode di berita transfer: {order.number}\n" in email.body
    assert (
        "Uangnya ditransfer langsung ke rekening lembaga Anda (BRI 4455-01-000123-50-9 a.n."
        " Koperasi Tenun Sikka), jadi lembaga Anda sendiri yang memeriksanya: bila uang dengan"
        ' jumlah dan kode di atas sudah masuk, tekan "Konfirmasi pembayaran diterima" di'
        " halaman pesanan.\n"
    ) in email.body
    assert "Petugas" not in email.body


def test_a_lembaga_without_an_account_is_paid_through_the_platform_and_staff_check(
    order, settings, django_capture_on_commit_callbacks
):
    settings.BANK_TRANSFER_TO_LEMBAGA = True
    order.seller.bank_account_number = ""
    order.seller.save()

    [email] = _upload_delivered(order, django_capture_on_commit_callbacks)
    assert f"Kode di berita transfer: {order.number}\n" in email.body
    assert "Uangnya ditransfer ke rekening Pasar OVOP NTT. Petugas Pasar OVOP NTT" in email.body


def test_a_member_who_chose_english_reads_it_in_english(
    order, world, django_capture_on_commit_callbacks
):
    world.sikka_member.language = "en"
    world.sikka_member.save()

    [email] = _upload_delivered(order, django_capture_on_commit_callbacks)
    assert email.subject == f"Transfer proof received for order {order.number}"
    assert f"for order {order.number} on 10 March 2025 14:05 WITA.\n" in email.body
    assert "Order total: Rp 475.000\n" in email.body


def test_an_order_confirmed_before_the_email_goes_out_sends_nothing(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _upload(order)
    Payment.objects.filter(pk=order.payment_id).update(status=Payment.Status.SUCCEEDED)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=UPLOADED)

    _deliver(callbacks)

    assert mail.outbox == []
    assert OutboxMessage.objects.get(handler=SELLER_TRANSFER_PROOF_EMAIL).delivered_at
