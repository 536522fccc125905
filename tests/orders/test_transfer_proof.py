"""A buyer paying by bank transfer uploads the receipt; it stays private; staff confirm."""

import pytest

from orders.models import Order, TransferProof
from tests.files import PDF_BYTES, png_bytes, upload
from tests.orders.test_bank_transfer_instructions import place_by_transfer
from tests.orders.test_checkout_page_total import ADDRESS

pytestmark = pytest.mark.django_db


def _done_url():
    return f"/checkout/selesai/{Order.objects.first().checkout.token}/"


def test_a_guest_uploads_a_png_receipt_named_by_the_store(client, world):
    html = place_by_transfer(client, world)
    assert 'enctype="multipart/form-data"' in html
    assert "Unggah bukti transfer" in html
    response = client.post(
        _done_url() + "bukti/", {"file": upload("struk.html", png_bytes(), "text/html")}
    )
    assert response.status_code == 302
    proof = TransferProof.objects.get()
    assert proof.content_type == "image/png"
    assert proof.file.name.startswith(f"payments/{proof.payment_id}/proofs/")
    assert proof.file.name.endswith(".png")
    assert "struk" not in proof.file.name
    assert proof.uploaded_by is None
    html = client.get(_done_url()).content.decode()
    assert "Bukti transfer diterima" in html
    assert "WITA" in html


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_and_nothing_kept(client, world):
    place_by_transfer(client, world)
    client.post(
        _done_url() + "bukti/", {"file": upload("bukti.pdf", b"<html>hi</html>", "application/pdf")}
    )
    assert TransferProof.objects.count() == 0
    html = client.get(_done_url()).content.decode()
    assert "Berkas harus PDF, JPEG atau PNG." in html


def test_at_most_the_limit_of_receipts(client, world, settings):
    settings.TRANSFER_PROOF_LIMIT = 2
    place_by_transfer(client, world)
    for _n in range(3):
        client.post(_done_url() + "bukti/", {"file": upload("b.pdf", PDF_BYTES)})
    assert TransferProof.objects.count() == 2


def test_someone_else_cannot_upload_or_read_it(client, world, make_user):
    place_by_transfer(client, world)
    client.post(_done_url() + "bukti/", {"file": upload("b.pdf", PDF_BYTES)})
    proof = TransferProof.objects.get()
    done = _done_url()
    stranger = make_user()
    client.logout()
    client.force_login(stranger)
    assert client.post(done + "bukti/", {"file": upload("b.pdf", PDF_BYTES)}).status_code == 404
    assert client.get(f"/bukti-transfer/{proof.pk}/").status_code == 404
    assert TransferProof.objects.count() == 1


def test_the_lembaga_sees_the_receipt_as_a_private_download_and_confirms(client, world):
    place_by_transfer(client, world)
    client.post(_done_url() + "bukti/", {"file": upload("b.pdf", PDF_BYTES)})
    proof = TransferProof.objects.get()
    order = Order.objects.get(seller=world.sikka)
    client.force_login(world.sikka_member)
    page = client.get(f"/penjual/pesanan/{order.number}/").content.decode()
    assert f"/bukti-transfer/{proof.pk}/" in page
    response = client.get(f"/bukti-transfer/{proof.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "confirm_payment"})
    order.refresh_from_db()
    assert order.status == "PAID"


def test_no_receipt_once_every_order_of_the_payment_is_paid(client, world):
    place_by_transfer(client, world)
    done = _done_url()
    Order.objects.update(status="PAID")
    client.post(done + "bukti/", {"file": upload("b.pdf", PDF_BYTES)})
    assert TransferProof.objects.count() == 0


def test_a_signed_in_buyer_uploads_from_the_order_page(client, world, make_user):
    user = make_user(email="maria@contoh.id")
    client.force_login(user)
    place_by_transfer(client, world)
    order = Order.objects.get(seller=world.sikka)
    html = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Unggah bukti transfer" in html
    client.post(f"/pesanan/{order.number}/bukti/", {"file": upload("b.pdf", PDF_BYTES)})
    proof = TransferProof.objects.get()
    assert proof.uploaded_by == user
    assert client.get(f"/bukti-transfer/{proof.pk}/").status_code == 200


def test_a_known_courier_links_the_tracking_number(client, world, make_user, settings):
    from orders.selectors import tracking_url

    user = make_user(email="maria@contoh.id")
    client.force_login(user)
    place_by_transfer(client, world)
    order = Order.objects.get(seller=world.sikka)
    Order.objects.filter(pk=order.pk).update(
        shipping_method_name="JNE Reguler", tracking_number="CGK 123/45", status="SHIPPED"
    )
    order.refresh_from_db()
    assert tracking_url(order=order) == "https://cekresi.com/?noresi=CGK%20123%2F45"
    html = client.get(f"/pesanan/{order.number}/").content.decode()
    assert 'href="https://cekresi.com/?noresi=CGK%20123%2F45"' in html
    settings.COURIER_TRACKING_URLS = {"jne": "https://jne.example/track/{number}"}
    assert tracking_url(order=order) == "https://jne.example/track/CGK%20123%2F45"
    order.shipping_method_name = "Antar sendiri oleh BUMDes"
    assert tracking_url(order=order) == ""


def test_the_confirmation_shows_the_address_and_how_to_pick_up(client, world):
    world.sikka.address = "Jl. Raya Paga No. 3"
    world.sikka.save()
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 1})
    placed = client.post(
        "/checkout/",
        {
            **ADDRESS,
            "place": "1",
            "gateway": "BANK_TRANSFER",
            f"method_{world.sikka.pk}": world.sikka_ship["pickup"].pk,
            f"method_{world.belu.pk}": world.belu_ship["courier"].pk,
        },
    )
    html = client.get(placed["Location"]).content.decode()
    assert "Alamat pengiriman" in html
    assert "Jl. El Tari 5" in html
    assert "Kec. Alak" in html
    assert "Ambil sendiri di lembaga:" in html
    assert "Jl. Raya Paga No. 3" in html
    assert html.count("Ambil sendiri di lembaga:") == 1  # only the pickup order
    assert "Total semua pesanan" in html
