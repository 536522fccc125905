"""The complaint pages: who sees which page and photo, and a bad photo shown on the form."""

import pytest

from orders.complaints.models import Complaint
from orders.complaints.services import complaint_create
from shop.roles import Role
from tests.complaints_world import not_an_image, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(order, buyer):
    return complaint_create(
        user=buyer,
        order=order,
        reason="MISSING",
        description="Satu kain tidak ada.",
        remedy="PARTIAL_REFUND",
        amount=450_000,
        photos=[photo()],
    )


def test_order_page_offers_the_complaint_form(client, order, buyer):
    client.force_login(buyer)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert f'href="/pesanan/{order.number}/komplain/"' in page


def test_a_photo_that_is_not_an_image_is_shown_on_the_form_and_nothing_is_saved(
    client, order, buyer
):
    client.force_login(buyer)
    response = client.post(
        f"/pesanan/{order.number}/komplain/",
        {
            "reason": "DAMAGED",
            "description": "Rusak.",
            "remedy": "REFUND",
            "photo_1": not_an_image(),
        },
    )
    assert response.status_code == 200
    assert "Berkas bukan gambar JPEG, PNG, atau WebP yang sah." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_complaint_page_and_photo_are_for_the_buyer_lembaga_and_staff_only(
    client, complaint, buyer, world, staff, make_user
):
    photo_url = f"/komplain/{complaint.pk}/foto/{complaint.photos.get().pk}/"
    for user in (buyer, world.sikka_member, staff):
        client.force_login(user)
        assert client.get(f"/komplain/{complaint.pk}/").status_code == 200
        response = client.get(photo_url)
        assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    for user in (world.belu_member, make_user(Role.CONSUMER, email="lain@contoh.id")):
        client.force_login(user)
        assert client.get(f"/komplain/{complaint.pk}/").status_code == 404
        assert client.get(photo_url).status_code == 404


def test_the_lembaga_answers_in_its_portal_and_staff_see_it_to_decide(
    client, complaint, world, staff
):
    client.force_login(world.sikka_member)
    assert complaint.order.number in client.get("/penjual/komplain/").content.decode()
    client.post(
        f"/komplain/{complaint.pk}/",
        {"action": "respond", "response": "REJECT", "note": "Lengkap."},
    )
    complaint.refresh_from_db()
    assert complaint.status == "ESCALATED"
    client.force_login(staff)
    page = client.get("/staf/komplain/").content.decode()
    assert "Menunggu keputusan" in page
    assert complaint.order.number in page


def test_staff_page_is_refused_to_others(client, buyer, world):
    for user in (buyer, world.sikka_member):
        client.force_login(user)
        assert client.get("/staf/komplain/").status_code == 403


def test_a_rejection_without_a_reason_is_shown_and_changes_nothing(client, complaint, world):
    client.force_login(world.sikka_member)
    response = client.post(
        f"/komplain/{complaint.pk}/", {"action": "respond", "response": "REJECT"}, follow=True
    )
    assert "Tuliskan alasan penolakan." in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.response) == ("OPEN", "")


def test_while_a_complaint_is_open_the_order_page_offers_neither_completion_nor_a_second(
    client, complaint, order, buyer
):
    client.force_login(buyer)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert 'value="complete"' not in page
    assert f'href="/pesanan/{order.number}/komplain/"' not in page
    assert f'href="/komplain/{complaint.pk}/"' in page
