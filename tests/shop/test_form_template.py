"""shop/_form.html, the form layout every page includes."""

import pytest

pytestmark = pytest.mark.django_db


def test_help_texts_are_the_ones_the_fields_point_screen_readers_to(client, make_user):
    client.force_login(make_user())
    page = client.get("/portal/daftar/").content.decode()
    assert 'aria-describedby="id_nib_helptext"' in page
    assert '<p class="help" id="id_nib_helptext">13 digit dari OSS.</p>' in page


def test_a_checkbox_sits_before_its_label_in_one_row(client, make_user):
    from shop.roles import Role

    client.force_login(make_user(Role.PROGRAMME_OFFICER))
    from sellers.models import Seller

    seller = Seller.objects.create(
        name="Tenun Lepo",
        slug="tenun-lepo",
        kind="BUMDES",
        village_id="53.07.04.2001",
        nib="9120001234599",
        phone="+6281234567890",
        email="lepo@desa.id",
        status=Seller.Status.SUBMITTED,
    )
    page = client.get(f"/tinjau/{seller.slug}/").content.decode()
    assert (
        '<div class="field field--check">\n    <input type="checkbox" name="follows_programme"'
        in page
    )
