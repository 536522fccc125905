"""A new review: the lembaga's members are e-mailed with the product, the stars, the words
and a link to answer it, through the outbox, after the commit
(orders.reviews.notifications.notify_seller_new_review)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from orders.models import Order
from orders.reviews.models import Review
from orders.reviews.notifications import NEW_REVIEW_EMAIL
from orders.reviews.services import review_create
from sellers.models import SellerMember
from shop.models import OutboxMessage
from tests.factories import ProductVariantFactory, SellerFactory, SellerMemberFactory, UserFactory
from tests.trust import completed_order

pytestmark = pytest.mark.django_db

WRITTEN = dt.datetime(2025, 3, 10, 6, 5, tzinfo=dt.UTC)  # 14:05 WITA


@pytest.fixture
def order() -> Order:
    """A completed order of one sarung from BUMDes Tenun Ikat, whose two members (a pengurus
    and a staf) get e-mail; a member of another lembaga must not."""
    seller = SellerFactory(name="BUMDes Tenun Ikat")
    SellerMemberFactory(seller=seller, user__email="pengurus@tenun.id")
    SellerMemberFactory(seller=seller, user__email="staf@tenun.id", role=SellerMember.Role.STAFF)
    SellerMemberFactory(user__email="pengurus@lain.id")
    variant = ProductVariantFactory(product__seller=seller, product__name="Sarung tenun ikat")
    return completed_order(
        buyer=UserFactory(first_name="Maria", last_name="Goreti"), variants=[variant]
    )


def _review(order: Order, *, rating: int = 4, comment: str = "Tenunnya rapi") -> Review:
    return review_create(
        user=order.user,
        order=order,
        product=order.lines.get().variant.product,
        rating=rating,
        comment=comment,
    )


def _deliver(callbacks) -> None:
    """Commit: stamp the review's time first so the e-mail's WITA time is known."""
    Review.objects.update(created_at=WRITTEN)
    for callback in callbacks:
        callback()


def test_the_review_is_written_to_the_outbox_with_it_and_mailed_to_the_members_after_commit(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        review = _review(order)
        queued = OutboxMessage.objects.filter(handler=NEW_REVIEW_EMAIL)
        assert list(queued.values_list("kwargs", flat=True)) == [{"review_id": review.pk}]
    assert mail.outbox == []

    _deliver(callbacks)

    subject = "Ulasan baru (4/5) untuk Sarung tenun ikat"
    assert sorted((m.to, m.subject) for m in mail.outbox) == [
        (["pengurus@tenun.id"], subject),
        (["staf@tenun.id"], subject),
    ]
    assert mail.outbox[0].body == (
        "Halo BUMDes Tenun Ikat,\n"
        "\n"
        f"Pembeli menulis ulasan untuk Sarung tenun ikat (pesanan {order.number})"
        " pada 10 Maret 2025 14:05 WITA:\n"
        "\n"
        "★★★★☆ (4 dari 5)\n"
        '"Tenunnya rapi"\n'
        "- Maria G.\n"
        "\n"
        "Balas ulasan ini di portal (satu kali; balasan tampil di halaman produk):\n"
        f"http://127.0.0.1:8000/penjual/ulasan/#ulasan-{review.pk}\n"
        "\n"
        "Salam,\n"
        "Pasar OVOP NTT\n"
    )
    assert OutboxMessage.objects.get(handler=NEW_REVIEW_EMAIL).delivered_at


def test_a_rolled_back_review_leaves_no_message_and_sends_nothing(
    order, django_capture_on_commit_callbacks
):
    @transaction.atomic
    def request_that_fails() -> None:
        _review(order)
        raise RuntimeError("the request failed after the review")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        request_that_fails()

    assert callbacks == []
    assert not Review.objects.exists()
    assert not OutboxMessage.objects.filter(handler=NEW_REVIEW_EMAIL).exists()
    assert mail.outbox == []


def test_a_long_review_is_quoted_short_and_a_nameless_buyer_is_pembeli(
    order, django_capture_on_commit_callbacks
):
    order.user.first_name = ""
    order.user.save()

    with django_capture_on_commit_callbacks() as callbacks:
        _review(order, rating=1, comment="x" * 2000)
    _deliver(callbacks)

    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Ulasan baru (1/5) untuk Sarung tenun ikat"
    assert f'★☆☆☆☆ (1 dari 5)\n"{"x" * 299}…"\n- Pembeli\n' in body


def test_a_review_without_words_shows_the_stars_only(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _review(order, rating=5, comment="")
    _deliver(callbacks)

    assert "\n★★★★★ (5 dari 5)\n- Maria G.\n\n" in mail.outbox[0].body


def test_a_member_who_chose_english_reads_it_in_english(order, django_capture_on_commit_callbacks):
    english = SellerMember.objects.get(user__email="staf@tenun.id").user
    english.language = "en"
    english.save()

    with django_capture_on_commit_callbacks() as callbacks:
        _review(order)
    _deliver(callbacks)

    sent = {m.to[0]: m for m in mail.outbox}
    assert sent["staf@tenun.id"].subject == "New review (4/5) of Sarung tenun ikat"
    assert (
        f"A buyer reviewed Sarung tenun ikat (order {order.number}) on 10 March 2025 14:05 WITA:\n"
        "\n"
        "★★★★☆ (4 of 5)\n"
    ) in sent["staf@tenun.id"].body
    assert sent["pengurus@tenun.id"].subject == "Ulasan baru (4/5) untuk Sarung tenun ikat"


def test_a_review_staff_hid_before_the_email_went_out_sends_nothing(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _review(order)
    Review.objects.update(is_hidden=True, hidden_reason="Kata kasar")

    _deliver(callbacks)

    assert mail.outbox == []
    assert OutboxMessage.objects.get(handler=NEW_REVIEW_EMAIL).delivered_at
