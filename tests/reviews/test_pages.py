"""The pages: write a review from the order page, read it on the product page, reply in
the portal, hide it as staff."""

import pytest

from orders.reviews.models import Review
from orders.reviews.services import review_create
from shop.roles import Role
from tests.factories import SellerFactory, UserFactory
from tests.files import image_upload, upload
from tests.trust import ago, completed_order, lembaga_member

pytestmark = pytest.mark.django_db


def test_the_buyer_writes_a_review_with_a_photo_from_the_order_page(client):
    order = completed_order()
    product = order.lines.get().variant.product
    client.force_login(order.user)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Kirim ulasan" in page
    assert "Unduh faktur (PDF)" in page

    response = client.post(
        f"/pesanan/{order.number}/ulasan/",
        {
            "product": product.pk,
            "rating": "5",
            "comment": "Warnanya indah",
            "photos": [image_upload()],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/pesanan/{order.number}/#ulasan"
    review = Review.objects.get()
    assert (review.rating, review.comment, review.photos.count()) == (5, "Warnanya indah", 1)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Kirim ulasan" not in page
    assert "5 dari 5" in page
    product_page = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Warnanya indah" in product_page
    assert "Pembelian terverifikasi" in product_page
    assert "5,0 dari 5 (1 ulasan)" in product_page


def test_a_bad_photo_on_the_page_shows_the_message_and_writes_nothing(client):
    order = completed_order()
    product = order.lines.get().variant.product
    client.force_login(order.user)
    response = client.post(
        f"/pesanan/{order.number}/ulasan/",
        {"product": product.pk, "rating": "4", "photos": [upload("x.jpg", b"bukan", "image/jpeg")]},
        follow=True,
    )
    assert "Berkas bukan gambar JPEG, PNG, atau WebP yang sah." in response.content.decode()
    assert Review.objects.count() == 0


def test_a_rating_typed_as_text_is_refused_on_the_page(client):
    order = completed_order()
    product = order.lines.get().variant.product
    client.force_login(order.user)
    response = client.post(
        f"/pesanan/{order.number}/ulasan/", {"product": product.pk, "rating": "lima"}, follow=True
    )
    assert "Nilai harus bilangan bulat 1 sampai 5." in response.content.decode()
    assert Review.objects.count() == 0


def test_after_the_window_the_order_page_offers_no_form(client):
    order = completed_order(completed_at=ago(days=31))
    client.force_login(order.user)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Kirim ulasan" not in page
    assert "Batas waktu ulasan sudah lewat." in page


def test_the_lembaga_replies_from_its_portal_once(client):
    order = completed_order()
    review = review_create(
        user=order.user, order=order, product=order.lines.get().variant.product, rating=3
    )
    client.force_login(lembaga_member(order.seller))
    page = client.get("/penjual/ulasan/").content.decode()
    assert "Kirim balasan" in page
    client.post("/penjual/ulasan/", {"review": review.pk, "reply": "Maaf, kami perbaiki."})
    review.refresh_from_db()
    assert review.reply == "Maaf, kami perbaiki."
    assert "Kirim balasan" not in client.get("/penjual/ulasan/").content.decode()
    assert "Maaf, kami perbaiki." in client.get(f"/produk/{review.product.slug}/").content.decode()


def test_another_lembaga_cannot_reply_from_its_portal(client):
    order = completed_order()
    review = review_create(
        user=order.user, order=order, product=order.lines.get().variant.product, rating=3
    )
    client.force_login(lembaga_member(SellerFactory()))
    response = client.post("/penjual/ulasan/", {"review": review.pk, "reply": "Hai"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.reply == ""


def test_staff_hide_a_review_from_the_staff_page(client):
    order = completed_order()
    review = review_create(
        user=order.user,
        order=order,
        product=order.lines.get().variant.product,
        rating=1,
        comment="Hubungi 0812xxxx",
    )
    client.force_login(UserFactory(roles=[Role.PROGRAMME_OFFICER]))
    client.post("/staf/ulasan/", {"review": review.pk, "reason": "Nomor telepon"})
    review.refresh_from_db()
    assert (review.is_hidden, review.hidden_reason) == (True, "Nomor telepon")
    assert "Hubungi 0812xxxx" not in client.get(f"/produk/{review.product.slug}/").content.decode()


def test_the_staff_page_is_closed_to_others(client):
    client.force_login(UserFactory())
    assert client.get("/staf/ulasan/").status_code == 403


def test_cards_on_the_product_list_show_the_rating(client):
    order = completed_order()
    product = order.lines.get().variant.product
    review_create(user=order.user, order=order, product=product, rating=4)
    page = client.get("/produk/").content.decode()
    assert 'data-rating="4.0"' in page


def test_admin_lists_reviews_and_invoices_read_only(client):
    order = completed_order()
    review_create(user=order.user, order=order, product=order.lines.get().variant.product, rating=4)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/reviews/review/").status_code == 200
    assert client.get("/admin/reviews/invoice/").status_code == 200
    assert client.get("/admin/reviews/review/add/").status_code == 403
